import Testing

@testable import Node

@Suite("Search text") struct SearchTextTests {
    /// The byte-wise path for ASCII text gives exactly the words of the character-wise definition.
    @Test func asciiTextIsSplitLikeCharacters() {
        var random = SplitMix64(seed: 11)
        let alphabet = Array("aZ09 \t\r\n.,;:_-'\"@<>()[]{}!?*+/\\|`~^%$#&=\u{0}\u{7f}")
        var samples = ["", " ", "\r\n", "word", "  two words  ", "a\r\nb", "hafenmeister_olsen@example.org", "x1y2 3z"]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<40, using: &random)
            samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
        }
        for sample in samples {
            #expect(SearchIndex.asciiIndexedText(sample) == SearchIndex.words(of: sample).joined(separator: " "), "\(sample.debugDescription)")
        }
    }

    @Test func otherTextGoesCharacterByCharacter() {
        for sample in ["Grüße, Olsen!", "e\u{301}te\u{301}", "日本語 テキスト", "ﬁx ½ ①", "emoji 👍🏽 here"] {
            #expect(SearchIndex.asciiIndexedText(sample) == nil)
            #expect(SearchIndex.indexedText(sample) == SearchIndex.words(of: sample).joined(separator: " "))
        }
        #expect(SearchIndex.indexedText("Synthetic message 12, budget: 3.5%") == "Synthetic message 12 budget 3 5")
    }
}
