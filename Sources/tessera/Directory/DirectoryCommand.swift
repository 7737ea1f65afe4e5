import ArgumentParser

/// `tessera directory …`: manage the SQL directory (users, groups, servers) on SQLite or MariaDB.
struct DirectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Manage the SQL directory: users, groups and server objects.",
        subcommands: [DirectoryUserCommand.self, DirectoryGroupCommand.self, DirectoryServerCommand.self])
}

/// `tessera directory user …`.
struct DirectoryUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, list, disable users and set their passwords.",
        subcommands: [DirectoryUserAdd.self, DirectoryUserPasswd.self, DirectoryUserDisable.self, DirectoryUserEnable.self, DirectoryUserList.self])
}

/// `tessera directory group …`.
struct DirectoryGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Add groups and members.", subcommands: [DirectoryGroupAdd.self, DirectoryGroupMemberCommand.self])
}

/// `tessera directory group member …`.
struct DirectoryGroupMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Add members to a group.", subcommands: [DirectoryGroupMemberAdd.self])
}

/// `tessera directory server …`.
struct DirectoryServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Add server objects (the names users' home server refers to).", subcommands: [DirectoryServerAdd.self])
}
