import Testing

@testable import Client

/// Runs `body` and checks that it fails with a client error of `code`; returns the error.
@discardableResult
func expectError(
    _ code: TesseraClientError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> TesseraClientError? {
    do {
        try await body()
        Issue.record("expected a \(code) error, got none", sourceLocation: sourceLocation)
    } catch let error as TesseraClientError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a TesseraClientError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
