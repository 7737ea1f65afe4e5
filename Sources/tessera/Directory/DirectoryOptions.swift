import ArgumentParser
import Database
import Directory
import Foundation

/// Where the SQL directory is, as for `tessera store`: `--database sqlite:PATH` or `mariadb://…`.
struct DirectoryOptions: ParsableArguments {
    @Option(help: "The directory's database: sqlite:PATH or mariadb://USER[:PASSWORD]@HOST[:PORT]/DB[?socket=PATH&create=1].")
    var database: String = "sqlite:tessera-data/directory.sqlite"

    @Option(help: "Hash scheme for new passwords: yescrypt or sha512.")
    var passwordScheme: String = "yescrypt"

    /// Opens the directory (creating its tables on first use) and runs `body` with it.
    func withDirectory<T>(_ body: (SQLDirectory) async throws -> T) async throws -> T {
        guard let scheme = PasswordHash.Scheme(name: passwordScheme) else {
            throw ValidationError("--password-scheme must be yescrypt or sha512")
        }
        let location = try DatabaseLocation(parsing: database)
        if case .sqlite(let sqlite) = location {
            let folder = URL(fileURLWithPath: sqlite.path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let pool = location.makePool(maximumConnections: 2)
        defer { pool.close() }
        let directory = try await SQLDirectory(pool: pool, passwordScheme: scheme, logger: makeLogger("tessera.directory"))
        defer { directory.shutdown() }
        return try await body(directory)
    }
}
