import ArgumentParser
import Cluster
import Foundation

/// `tessera cluster …`: run one cluster member by hand or in drills; make keys.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Cluster membership: run a member, make a key.",
        subcommands: [ClusterMember.self, ClusterKeygen.self])
}

/// `tessera cluster keygen`: prints a new random 32-byte AES-GCM key in base64.
struct ClusterKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Print a new random cluster key (base64), for a key file.")

    func run() {
        print(Data(ClusterKeyring.generateKey()).base64EncodedString())
    }
}
