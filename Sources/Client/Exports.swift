// The Client module: Tessera's high-level Swift client, in the spirit of python-kopano.
//
//     let server = try await Server(url: url, user: "alice", password: secret)
//     for item in try await server.store.inbox.items(limit: 10) { print(item.subject ?? "") }
//
// MAPI's types (property tags and values, restrictions, sort keys, named properties) are part
// of the API, so they come with `import Client`.
@_exported import MAPI
