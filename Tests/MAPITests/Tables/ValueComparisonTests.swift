import MAPI
import Testing
import TestSupport

@Suite struct ValueComparisonTests {
    typealias C = ValueComparison

    @Test func missingSortsFirst() {
        #expect(C.compare(nil, nil) == .equal)
        #expect(C.compare(nil, .long(.min)) == .less)
        #expect(C.compare(.unicode(""), nil) == .greater)
    }

    @Test func numbersCompareNumericallyAcrossTypes() {
        #expect(C.compare(.long(2), .long(10)) == .less)
        #expect(C.compare(.short(-1), .long(0)) == .less)
        #expect(C.compare(.i8(5), .long(5)) == .equal)
        #expect(C.compare(.boolean(true), .long(1)) == .equal)
        #expect(C.compare(.boolean(false), .boolean(true)) == .less)
        #expect(C.compare(.currency(10), .short(9)) == .greater)
        #expect(C.compare(.sysTime(FileTime(rawValue: 1)), .sysTime(FileTime(rawValue: 2))) == .less)
        #expect(C.compare(.double(2.5), .long(2)) == .greater)
        #expect(C.compare(.long(3), .double(2.5)) == .greater)
        #expect(C.compare(.long(2), .float(2)) == .equal)
        #expect(C.compare(.appTime(1.5), .double(1.25)) == .greater)
    }

    @Test func largeIntegersAgainstDoublesAreExact() {
        #expect(C.compare(.i8(.max), .double(0x1p63)) == .less)
        #expect(C.compare(.i8(.min), .double(-0x1p63)) == .equal)
        #expect(C.compare(.i8((1 << 53) + 1), .double(0x1p53)) == .greater)
        #expect(C.compare(.i8(-1), .double(-0.5)) == .less)
    }

    @Test func nanSortsLastAndZeroesAreEqual() {
        #expect(C.compare(.double(.nan), .double(.infinity)) == .greater)
        #expect(C.compare(.double(.nan), .double(.nan)) == .equal)
        #expect(C.compare(.long(.max), .float(.nan)) == .less)
        #expect(C.compare(.double(-0.0), .double(0)) == .equal)
    }

    @Test func stringsCompareByFoldedBytes() {
        #expect(C.compare(.unicode("abc"), .unicode("ABC")) == .equal)
        #expect(C.compare(.string8("abc"), .unicode("ABD")) == .less)
        #expect(C.compare(.unicode("ÄRGER"), .unicode("ärger")) == .equal)
        #expect(C.compare(.unicode("zz"), .unicode("ä")) == .less)
        #expect(C.compare(.unicode("B"), .unicode("a")) == .greater)
    }

    @Test func binariesAndGUIDs() {
        #expect(C.compare(.binary([1, 2]), .binary([1, 3])) == .less)
        #expect(C.compare(.binary([1, 2]), .binary([1, 2, 0])) == .less)
        #expect(C.compare(.binary([2]), .binary([1, 255, 255])) == .greater)
        #expect(C.compare(.binary([]), .binary([])) == .equal)
        #expect(C.compare(.clsid(.psMAPI), .clsid(.psPublicStrings)) == .less)
    }

    @Test func multiValuesElementWise() {
        #expect(C.compare(.multiLong([1, 2]), .multiLong([1, 3])) == .less)
        #expect(C.compare(.multiLong([1]), .multiLong([1, 0])) == .less)
        #expect(C.compare(.multiUnicode(["A", "b"]), .multiString8(["a", "B"])) == .equal)
        #expect(C.compare(.multiLong([]), .multiLong([])) == .equal)
        #expect(C.compare(.multiI8([5]), .multiDouble([4.5])) == .greater)
    }

    @Test func differentClassesOrderByClass() {
        #expect(C.compare(.long(.max), .error(0)) == .less)
        #expect(C.compare(.error(.max), .unicode("")) == .less)
        #expect(C.compare(.unicode("zzz"), .clsid(.psMAPI)) == .less)
        #expect(C.compare(.clsid(.psMAPI), .binary([])) == .less)
        #expect(C.compare(.binary([255]), .multiLong([])) == .less)
        #expect(C.compare(.multiLong([9]), .multiUnicode([])) == .less)
        #expect(C.compare(.sysTime(FileTime(rawValue: .max)), .unicode("a")) == .less)
    }

    @Test func orderIsTotalOnRandomValues() {
        var g = SplitMix64(seed: 5)
        let values = (0..<150).map { _ in
            RandomProperties.value(of: PropertyType.allCases.randomElement(using: &g)!, &g)
        }
        for a in values {
            #expect(C.compare(a, a) == .equal)
            for b in values {
                #expect(C.compare(a, b) == C.compare(b, a).reversed)
            }
        }
        // Sorting with the order and checking neighbours finds no inversion.
        let sorted = values.sorted { C.compare($0, $1) == .less }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            #expect(C.compare(a, b) != .greater)
        }
    }

    @Test func relationalOperators() {
        #expect(C.holds(.long(1), .lessThan, .long(2)))
        #expect(C.holds(.long(2), .lessThanOrEqual, .long(2)))
        #expect(!C.holds(.long(2), .greaterThan, .long(2)))
        #expect(C.holds(.long(3), .greaterThanOrEqual, .long(2)))
        #expect(C.holds(.unicode("X"), .equal, .unicode("x")))
        #expect(C.holds(.unicode("x"), .notEqual, .unicode("y")))
    }
}
