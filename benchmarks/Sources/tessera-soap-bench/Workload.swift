import HTTP
import MAPI
import Node
import SOAP

/// One measured operation: its name and the requests a load run sends. Requests are built
/// before the run (the load generator then only picks one), so that building envelopes does not
/// take CPU from the server when both share the machine.
struct Workload: Sendable {
    var name: String
    var makeRequest: @Sendable (_ connection: Int, _ sequence: Int) -> HTTPClientRequest

    /// `GET /` to the minimal responder: the HTTP layer's ceiling.
    static let responder = Workload(name: "minimal responder") { _, _ in HTTPClientRequest() }

    /// The tags GetProps asks for: a handful a client shows for an item.
    static let getPropsTags: [PropertyTag] = [.subject, .senderName, .messageDeliveryTime, .messageFlags, .importance]

    /// GetProps of one item, the same every time.
    static func getProps(_ mailbox: BenchMailbox) -> Workload {
        let request = SOAPCaller.request(GetPropsRequest(object: mailbox.item, tags: getPropsTags), session: mailbox.session)
        return Workload(name: "GetProps") { _, _ in request }
    }

    /// CreateItem of a synthetic mail (10 properties, one recipient, 4 KB body), from 64
    /// prepared envelopes.
    static func createItem(_ mailbox: BenchMailbox) -> Workload {
        let requests = (0..<64).map {
            SOAPCaller.request(createItemMessage(in: mailbox.created, n: 1_000_000 + $0), session: mailbox.session)
        }
        return Workload(name: "CreateItem") { connection, sequence in requests[(connection &* 31 &+ sequence) % requests.count] }
    }

    /// A 50-row page of the contents folder (8 columns, delivery time descending) at a random
    /// offset: 1,024 prepared offsets drawn from a seeded generator, picked by connection and
    /// sequence, so every run sends the same pages.
    static func queryRows(_ mailbox: BenchMailbox, seed: UInt64 = 5) -> Workload {
        var random = SplitMix64(seed: seed)
        let requests = (0..<1_024).map { _ in
            let offset = Int(random.next() % UInt64(mailbox.items - pageSize + 1))
            let query = TableQuery(columns: pageColumns, sort: [SortKey(.messageDeliveryTime, ascending: false)], offset: offset, limit: pageSize)
            return SOAPCaller.request(QueryRowsRequest(folder: mailbox.contents, query: query), session: mailbox.session)
        }
        return Workload(name: "QueryRows") { connection, sequence in
            requests[Int(SplitMix64.mix(UInt64(connection) << 32 | UInt64(sequence)) % UInt64(requests.count))]
        }
    }

    static let pageSize = 50
    /// The columns a mail client's contents table typically shows (as in `tessera-bench`).
    static let pageColumns: [PropertyTag] = [
        .entryID, .subject, .senderName, .messageDeliveryTime, .messageSize, .messageFlags, .importance, .hasAttachments,
    ]

    /// Synthetic mail number `n` as a CreateItem request into `folder`.
    static func createItemMessage(in folder: [UInt8], n: Int) -> CreateItemRequest {
        let message = SyntheticMail.message(n, bodyBytes: 4_096)
        return CreateItemRequest(folder: folder, properties: message.properties, recipients: message.recipients)
    }
}
