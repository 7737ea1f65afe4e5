import MAPI
import Testing

@Suite struct PropertySetTests {
    @Test func emptySet() {
        let set = PropertySet()
        #expect(set.isEmpty)
        #expect(set.count == 0)
        #expect(set[id: 0x0037] == nil)
        #expect(!set.contains(id: 0x0037))
    }

    @Test func iteratesInAscendingIDOrder() {
        let set = PropertySet([
            Property(id: 0x3001, value: .unicode("b")), Property(id: 0x0037, value: .unicode("a")),
            Property(id: 0x8000, value: .long(1)), Property(id: 0x0E07, value: .long(0)),
        ])
        #expect(set.map(\.id) == [0x0037, 0x0E07, 0x3001, 0x8000])
        #expect(set.properties.map(\.id) == [0x0037, 0x0E07, 0x3001, 0x8000])
    }

    @Test func laterPropertiesWin() {
        let set = PropertySet([
            Property(id: 0x0037, value: .unicode("first")), Property(id: 0x0E07, value: .long(1)),
            Property(id: 0x0037, value: .string8("second")), Property(id: 0x0037, value: .unicode("third")),
        ])
        #expect(set.count == 2)
        #expect(set[id: 0x0037] == .unicode("third"))
    }

    @Test func orderOfInsertionDoesNotMatterForEquality() {
        var a = PropertySet()
        a[id: 2] = .long(2)
        a[id: 1] = .long(1)
        let b = PropertySet([Property(id: 1, value: .long(1)), Property(id: 2, value: .long(2))])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func subscriptByIDSetsReplacesAndRemoves() {
        var set = PropertySet()
        set[id: 0x0037] = .unicode("x")
        #expect(set[id: 0x0037] == .unicode("x"))
        set[id: 0x0037] = .long(5)  // another type replaces
        #expect(set[id: 0x0037] == .long(5))
        set[id: 0x0037] = nil
        #expect(set.isEmpty)
        set[id: 0x0037] = nil
        #expect(set.isEmpty)
    }

    @Test func setAndRemove() {
        var set = PropertySet()
        set.set(Property(id: 0x0E07, value: .long(3)))
        set.set(Property(id: 0x0E07, value: .long(4)))
        #expect(set.count == 1)
        #expect(set.remove(id: 0x0E07) == .long(4))
        #expect(set.remove(id: 0x0E07) == nil)
    }

    @Test func tagSubscriptRequiresTheType() {
        let set = PropertySet([Property(id: 0x0E07, value: .long(3))])
        #expect(set[tag: .messageFlags] == .long(3))
        #expect(set[tag: PropertyTag(id: 0x0E07, type: .short)] == nil)
        #expect(set[tag: PropertyTag(rawValue: 0x0E07_0000)] == nil)
    }

    @Test func string8AndUnicodeAreInterchangeable() {
        let set = PropertySet([
            Property(id: 0x0037, value: .string8("hello")), Property(id: 0x1000, value: .unicode("body")),
            Property(id: 0x8001, value: .multiString8(["a"])), Property(id: 0x8002, value: .multiUnicode(["b"])),
        ])
        #expect(set[tag: PropertyTag(id: 0x0037, type: .unicode)] == .unicode("hello"))
        #expect(set[tag: PropertyTag(id: 0x0037, type: .string8)] == .string8("hello"))
        #expect(set[tag: PropertyTag(id: 0x1000, type: .string8)] == .string8("body"))
        #expect(set[tag: PropertyTag(id: 0x8001, type: .multiUnicode)] == .multiUnicode(["a"]))
        #expect(set[tag: PropertyTag(id: 0x8002, type: .multiString8)] == .multiString8(["b"]))
        #expect(set[tag: PropertyTag(id: 0x8002, type: .unicode)] == nil)
    }

    @Test func randomSetsMatchADictionaryModel() {
        var g = SplitMix64(seed: 99)
        var set = PropertySet()
        var model: [UInt16: PropertyValue] = [:]
        for _ in 0..<2000 {
            let id = UInt16.random(in: 1...40, using: &g)
            if Bool.random(using: &g) {
                let value = PropertyValue.long(Int32.random(in: 0...9, using: &g))
                set[id: id] = value
                model[id] = value
            } else {
                #expect(set.remove(id: id) == model.removeValue(forKey: id))
            }
            #expect(set.count == model.count)
        }
        #expect(set.map(\.id) == model.keys.sorted())
        #expect(set.allSatisfy { model[$0.id] == $0.value })
    }
}
