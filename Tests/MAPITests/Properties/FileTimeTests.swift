import MAPI
import Testing

@Suite struct FileTimeTests {
    @Test func unixEpoch() {
        #expect(FileTime(unixSeconds: 0).rawValue == 116_444_736_000_000_000)
        #expect(FileTime(rawValue: 116_444_736_000_000_000).unixSeconds == 0)
    }

    @Test func knownInstant() {
        // 2024-01-01T00:00:00Z
        #expect(FileTime(unixSeconds: 1_704_067_200).rawValue == 133_485_408_000_000_000)
        #expect(FileTime(unixSeconds: 1.5).rawValue == 116_444_736_015_000_000)
    }

    @Test func roundsToTheNearestTick() {
        #expect(FileTime(unixSeconds: -1.5).rawValue == 116_444_735_985_000_000)
        #expect(FileTime(unixSeconds: 0.000_000_04).rawValue == 116_444_736_000_000_000)
        #expect(FileTime(unixSeconds: 0.000_000_06).rawValue == 116_444_736_000_000_001)
        #expect(FileTime(unixSeconds: -0.000_000_06).rawValue == 116_444_735_999_999_999)
        #expect(FileTime(unixSeconds: 0.25).unixSeconds == 0.25)
    }

    @Test func fileTimeEpochAndOrder() {
        #expect(FileTime(rawValue: 0).unixSeconds == -11_644_473_600)
        #expect(FileTime(unixSeconds: 1) < FileTime(unixSeconds: 2))
    }
}
