import TestSupport

extension TestSlapd {
    /// The shared server with the generated population (2,000 users, 200 groups, Kopano tree).
    static let shared: Result<TestSlapd, any Error> = Result {
        try TestSlapd(ldif: TestDirectoryData.ldif())
    }

    /// The shared server, or a failure that says why it could not start.
    static func sharedServer() throws -> TestSlapd { try shared.get() }
}
