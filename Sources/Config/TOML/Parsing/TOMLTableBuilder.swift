/// A table while the document is being parsed: a reference type, so that headers and dotted
/// keys can reach deep into the tree without copying it, and which remembers how each table
/// came to be, because TOML's redefinition rules depend on it:
///
/// - a table named by a `[header]` is *defined* and may not be named by another header nor
///   extended with dotted keys from elsewhere; its sub-tables may still get headers;
/// - a table created by dotted keys (`a.b = 1`) belongs to the section that wrote it: that
///   section may add to it, no header may define it, later sections may not add to it;
/// - a table created on the way to a header (`a` for `[a.b]`) is *implicit*: one header may
///   still define it later;
/// - an inline table (`{ … }`) and a static array (`[ … ]`) are complete when written.
///
/// These are the rules of the TOML 1.0 specification as tomli and toml-test read them.
final class TOMLTableBuilder {
    enum Origin: Equatable {
        case implicit
        case header
        case dotted(section: Int)
        case inline
    }

    enum Slot {
        case value(TOMLNode)
        case table(TOMLTableBuilder)
        case tableArray(TOMLTableArrayBuilder)
    }

    var origin: Origin
    /// Where it was defined: its header, or the key that created it.
    var position: TOMLPosition
    let depth: Int
    private(set) var order: [String] = []
    private var slots: [String: Slot] = [:]
    private var keyPositions: [String: TOMLPosition] = [:]

    init(origin: Origin, position: TOMLPosition, depth: Int) {
        self.origin = origin
        self.position = position
        self.depth = depth
    }

    subscript(key: String) -> Slot? { slots[key] }

    func keyPosition(_ key: String) -> TOMLPosition? { keyPositions[key] }

    func insert(_ key: String, _ slot: Slot, keyPosition: TOMLPosition) {
        precondition(slots[key] == nil, "TOMLTableBuilder: \(key) inserted twice")
        order.append(key)
        slots[key] = slot
        keyPositions[key] = keyPosition
    }

    /// The finished value.
    func build() -> TOMLTable {
        var table = TOMLTable()
        for key in order {
            let node: TOMLNode
            switch slots[key]! {
            case .value(let value): node = value
            case .table(let child): node = TOMLNode(.table(child.build()), at: child.position)
            case .tableArray(let array):
                node = TOMLNode(.array(array.tables.map { TOMLNode(.table($0.build()), at: $0.position) }), at: array.position)
            }
            table.set(key, to: node, keyPosition: keyPositions[key]!)
        }
        return table
    }
}

/// The elements of an array of tables (`[[name]]`), open for more elements.
final class TOMLTableArrayBuilder {
    let position: TOMLPosition
    var tables: [TOMLTableBuilder] = []

    init(position: TOMLPosition) {
        self.position = position
    }
}
