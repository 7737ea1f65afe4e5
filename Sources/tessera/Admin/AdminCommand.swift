import ArgumentParser

/// `tessera admin`: the operator's view of a running cluster (like `doveadm director`).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Inspect and operate a running cluster: members, servers, where a user is served, users, directory sync, failover and drain.",
        discussion: """
            Every command reads a node's or router's configuration file for the cluster's seeds and key and \
            the directory; `sync` needs a node's file (its session key signs the request).
            """,
        subcommands: [AdminMembers.self, AdminServers.self, AdminWhere.self, AdminUsers.self, AdminSync.self, AdminFailover.self, AdminDrain.self])
}
