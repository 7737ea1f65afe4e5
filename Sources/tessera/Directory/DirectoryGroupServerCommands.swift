import ArgumentParser
import Directory

/// `tessera directory group add NAME`.
struct DirectoryGroupAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a group.")

    @Argument(help: "The group's name.") var name: String
    @Option(help: "The group's e-mail address (a distribution list).") var email: String?
    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        let group = try await options.withDirectory { try await $0.addGroup(name: name, address: email) }
        print("added group \(group.name) (id \(group.id))")
    }
}

/// `tessera directory group member add GROUP --user LOGIN | --group NAME`.
struct DirectoryGroupMemberAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user or a nested group to a group.")

    @Argument(help: "The group's name.") var group: String
    @Option(help: "A user to add, by login.") var user: String?
    @Option(name: .customLong("group"), help: "A group to nest, by name.") var nested: String?
    @OptionGroup var options: DirectoryOptions

    func validate() throws {
        guard (user == nil) != (nested == nil) else { throw ValidationError("name exactly one of --user and --group") }
    }

    func run() async throws {
        let member: SQLDirectory.Member = user.map { .user($0) } ?? .group(nested ?? "")
        try await options.withDirectory { try await $0.addMember(member, toGroup: group) }
        print("added \(user ?? nested ?? "") to \(group)")
    }
}

/// `tessera directory server add NAME`.
struct DirectoryServerAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add or replace a server object.")

    @Argument(help: "The server's name, as users' home server names it.") var name: String
    @Option(help: "Host name or address for SOAP URLs.") var address: String?
    @Option(help: "Plain HTTP port of its SOAP endpoint.") var httpPort: Int?
    @Option(help: "HTTPS port of its SOAP endpoint.") var sslPort: Int?
    @Option(help: "Local socket path.") var filePath: String?
    @Option(help: "Reverse-proxy URL, used verbatim when set.") var proxyURL: String?
    @Flag(name: .customLong("public"), help: "This server holds the public store.") var containsPublicStore = false
    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        let server = DirectoryServer(
            name: name, address: address, httpPort: httpPort, sslPort: sslPort, filePath: filePath, proxyURL: proxyURL,
            containsPublicStore: containsPublicStore)
        try await options.withDirectory { try await $0.addServer(server) }
        print("server \(name): \(server.soapURL ?? "no SOAP URL yet")")
    }
}
