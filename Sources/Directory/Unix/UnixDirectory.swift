import Foundation
import Logging

/// The Unix plugin: users and groups from passwd, group and shadow files. The files are read on
/// every request (they are small, and edits show at once). Ids are uids and gids; addresses are
/// `login@defaultDomain`; accounts with a non-login shell are inactive (`.nonLogin`); passwords
/// are checked with crypt(3) against shadow (or passwd, when it holds the hash). There are no
/// server objects, companies or change cursors.
public final class UnixDirectory: UserDirectory {
    private let configuration: UnixConfiguration
    private let executor = BlockingExecutor(name: "unix-directory", threadCount: 1)
    private let logger: Logger

    /// A directory on the files named in `configuration`.
    public init(configuration: UnixConfiguration, logger: Logger = Logger(label: "tessera.directory")) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "directory.backend"] = "unix"
        self.logger = logger
    }

    deinit { shutdown() }

    /// Stops the plugin's thread.
    public func shutdown() { executor.shutdown() }

    public func authenticate(login: String, password: String) async -> AuthenticationResult {
        let result: AuthenticationResult
        if password.isEmpty {
            result = .wrongPassword
        } else {
            do {
                result = try await executor.run { () throws -> AuthenticationResult in
                    let files = try self.read(shadow: true)
                    guard let entry = files.users.first(where: { $0.name == login }) else { return .unknownUser }
                    let shadow = files.shadow.first { $0.name == login }
                    var hash = entry.password == "x" ? (shadow?.hash ?? "") : entry.password
                    var locked = false
                    if hash.hasPrefix("!") {
                        locked = true
                        hash.removeFirst()
                    }
                    guard PasswordHash.verify(password, against: hash) else { return .wrongPassword }
                    if locked { return .inactive(.locked) }
                    if let day = shadow?.expiresOnDay, Double(day) * 86_400 <= self.configuration.now().timeIntervalSince1970 {
                        return .inactive(.expired)
                    }
                    let user = self.user(entry, files)
                    if case .inactive(let reason) = user.status { return .inactive(reason) }
                    return .success(user)
                }
            } catch {
                result = .unavailable(error as? DirectoryError ?? DirectoryError(.backend, "\(error)"))
            }
        }
        logger.info("authentication", metadata: ["directory.login": "\(login)", "directory.outcome": "\(result.outcome)"])
        return result
    }

    public func resolve(_ name: String) async throws -> DirectoryUser? {
        let suffix = "@" + configuration.defaultDomain.lowercased()
        let lower = name.lowercased()
        let login = lower.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
        return try await withFiles { files in files.users.first { $0.name == login }.map { self.user($0, files) } }
    }

    public func user(id: DirectoryID) async throws -> DirectoryUser? {
        try await withFiles { files in files.users.first { String($0.uid) == id.rawValue }.map { self.user($0, files) } }
    }

    public func users(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryUser> {
        try await withFiles { files in DirectoryListing(items: files.users.map { self.user($0, files) }, cursor: nil) }
    }

    public func groups(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryGroup> {
        try await withFiles { files in
            DirectoryListing(items: files.groups.map { DirectoryGroup(id: DirectoryID(String($0.gid))!, name: $0.name) }, cursor: nil)
        }
    }

    public func group(id: DirectoryID) async throws -> DirectoryGroup? {
        try await withFiles { files in
            files.groups.first { String($0.gid) == id.rawValue }.map { DirectoryGroup(id: DirectoryID(String($0.gid))!, name: $0.name) }
        }
    }

    public func memberIDs(ofGroup id: DirectoryID) async throws -> [DirectoryID]? {
        try await withFiles { files in
            guard let group = files.groups.first(where: { String($0.gid) == id.rawValue }) else { return nil }
            let members = files.users.filter { $0.gid == group.gid || group.members.contains($0.name) }
            return members.map(\.uid).sorted().compactMap { DirectoryID(String($0)) }
        }
    }

    public func servers() async throws -> [DirectoryServer] { [] }
    public func companies() async throws -> [Company] { [] }

    private struct Files: Sendable {
        var users: [UnixAccountFiles.PasswdEntry]
        var groups: [UnixAccountFiles.GroupEntry]
        var shadow: [UnixAccountFiles.ShadowEntry]
    }

    private func withFiles<T: Sendable>(_ body: @escaping @Sendable (Files) -> T) async throws -> T {
        try await executor.run { () throws -> T in body(try self.read(shadow: false)) }
    }

    private func read(shadow: Bool) throws -> Files {
        func text(_ path: String) throws -> String {
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw DirectoryError(.unavailable, "cannot read \(path): \(error.localizedDescription)")
            }
        }
        let c = configuration
        let users = UnixAccountFiles.passwd(try text(c.passwdPath)).filter { c.uidRange.contains($0.uid) && !c.excludedUIDs.contains($0.uid) }
        let groups = UnixAccountFiles.group(try text(c.groupPath)).filter { c.gidRange.contains($0.gid) }
        return Files(users: users, groups: groups, shadow: shadow ? UnixAccountFiles.shadow(try text(c.shadowPath)) : [])
    }

    private func user(_ entry: UnixAccountFiles.PasswdEntry, _ files: Files) -> DirectoryUser {
        let fullName = entry.gecos.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let groups = files.groups.filter { $0.gid == entry.gid || $0.members.contains(entry.name) }.map(\.gid).sorted()
        return DirectoryUser(
            id: DirectoryID(String(entry.uid))!, login: entry.name, displayName: fullName.isEmpty ? entry.name : fullName,
            primaryAddress: "\(entry.name)@\(configuration.defaultDomain)",
            status: configuration.nonLoginShells.contains(entry.shell) ? .inactive(.nonLogin) : .active,
            homeServer: configuration.homeServer, groupIDs: groups.compactMap { DirectoryID(String($0)) })
    }
}
