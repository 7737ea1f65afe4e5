import MAPI
import Testing

@Suite struct StringFoldingTests {
    @Test func asciiAndUnicodeCase() {
        #expect(StringFolding.fold("Hello World") == "hello world")
        #expect(StringFolding.fold("ÄRGER") == "ärger")
        #expect(StringFolding.fold("ÄRGER") == StringFolding.fold("ärger"))
        #expect(StringFolding.fold("ÉCOLE Ωmega") == "école ωmega")
    }

    @Test func canonicalComposition() {
        let decomposed = "A\u{308}rger"  // A + combining diaeresis
        #expect(Array(StringFolding.fold(decomposed).utf8) == Array("ärger".utf8))
        #expect(StringFolding.foldedBytes(decomposed) == [0xC3, 0xA4] + Array("rger".utf8))
    }

    @Test func comparisonIsByFoldedBytes() {
        #expect(StringFolding.compare("apple", "BANANA") == .less)
        #expect(StringFolding.compare("ÄRGER", "ärger") == .equal)
        // "z" (0x7A) sorts before "ä" (0xC3 0xA4) in byte order, unlike a collation.
        #expect(StringFolding.compare("Zebra", "ärger") == .less)
        #expect(StringFolding.compare("a", "ab") == .less)
        #expect(StringFolding.compare("", "a") == .less)
    }
}
