import ArgumentParser
import Directory

/// `tessera directory user add LOGIN`: the password is read from the terminal (asked twice) or
/// from the first line of standard input; never from the command line.
struct DirectoryUserAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; the password is prompted for, or read from stdin.")

    @Argument(help: "The login name.") var login: String
    @Option(help: "Full name (default: the login).") var name: String?
    @Option(help: "Primary e-mail address.") var email: String?
    @Option(help: "A further address of the user (repeatable).") var alias: [String] = []
    @Option(help: "The server that holds the user's store.") var homeServer: String?
    @Option(help: "Admin level: none, company or system.") var admin: String = "none"
    @Flag(help: "A shared store nobody logs on to.") var sharedStore = false
    @Flag(help: "Create the account without a password (it cannot log on until `passwd`).") var noPassword = false
    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        guard let level = AdminLevel(name: admin) else { throw ValidationError("--admin must be none, company or system") }
        let password = noPassword ? nil : try PasswordInput.read(confirm: true)
        let user = try await options.withDirectory { directory in
            let new = SQLDirectory.NewUser(login: login, displayName: name, primaryAddress: email, homeServer: homeServer, adminLevel: level, sharedStore: sharedStore)
            _ = try await directory.addUser(new, password: password)
            for address in alias { try await directory.addAlias(login: login, address: address) }
            return try await directory.resolve(login)
        }
        print("added \(user.map(\.summaryLine) ?? login)")
    }
}

/// `tessera directory user passwd LOGIN`.
struct DirectoryUserPasswd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password (prompted for, or read from stdin).")

    @Argument(help: "The login name.") var login: String
    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        let password = try PasswordInput.read(confirm: true)
        try await options.withDirectory { try await $0.setPassword(login: login, password: password) }
        print("password of \(login) set")
    }
}

/// `tessera directory user disable LOGIN`.
struct DirectoryUserDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a user's logons (the store stays).")

    @Argument(help: "The login name.") var login: String
    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        try await options.withDirectory { try await $0.setDisabled(login: login, true) }
        print("\(login) disabled")
    }
}

/// `tessera directory user enable LOGIN`.
struct DirectoryUserEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Allow a disabled user's logons again.")

    @Argument(help: "The login name.") var login: String
    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        try await options.withDirectory { try await $0.setDisabled(login: login, false) }
        print("\(login) enabled")
    }
}

/// `tessera directory user list`.
struct DirectoryUserList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every user, one per line.")

    @OptionGroup var options: DirectoryOptions

    func run() async throws {
        let users = try await options.withDirectory { try await $0.users(changedSince: nil).items }
        for user in users { print(user.summaryLine) }
    }
}
