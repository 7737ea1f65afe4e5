import Foundation

/// The command line of `tessera-soap-bench`.
///
///     tessera-soap-bench [run] [--connections 1,16,64] [--warmup S] [--duration S] [--items N]
///                        [--sessions N] [--no-split] [--no-memory] [--quick] [--output FILE]
///     tessera-soap-bench serve --data DIR
///
/// `run` (the default) does everything in one process and its children; `serve` is the child:
/// a node on a data directory `run` prepared, beside the minimal responder.
struct Options {
    enum Mode: String {
        case run, serve
    }

    var mode = Mode.run
    var connections = [1, 16, 64]
    var warmUp = Duration.seconds(2)
    var duration = Duration.seconds(10)
    /// Items in the folder QueryRows pages through.
    var items = 10_000
    /// Users seeded, each logged on once in the memory check.
    var sessions = 10_000
    /// Also load a node in a child process (the load generator then has its own process).
    var split = true
    var memory = true
    /// `serve`: the data directory.
    var data: String?
    /// Where the markdown report goes instead of standard output.
    var output: String?

    static let usage = """
        usage: tessera-soap-bench [run] [--connections 1,16,64] [--warmup S] [--duration S] [--items N]
                                  [--sessions N] [--no-split] [--no-memory] [--quick] [--output FILE]
               tessera-soap-bench serve --data DIR
        """

    /// Says what is wrong with the command line and exits (status 2).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("tessera-soap-bench: \(message)\n\(usage)\n".utf8))
        exit(2)
    }

    init(_ arguments: [String]) {
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("-") {
            guard let mode = Mode(rawValue: first) else { Self.fail("unknown mode \(first)") }
            self.mode = mode
            rest = rest.dropFirst()
        }
        func value(_ name: String) -> String {
            guard let value = rest.popFirst() else { Self.fail("\(name) needs a value") }
            return value
        }
        func number(_ name: String) -> Int {
            guard let number = Int(value(name)), number > 0 else { Self.fail("\(name) needs a positive whole number") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--connections":
                connections = value(argument).split(separator: ",").map { Int($0) ?? 0 }
                guard !connections.isEmpty, connections.allSatisfy({ $0 > 0 }) else { Self.fail("--connections needs positive numbers") }
            case "--warmup": warmUp = .seconds(number(argument))
            case "--duration": duration = .seconds(number(argument))
            case "--items": items = number(argument)
            case "--sessions": sessions = number(argument)
            case "--no-split": split = false
            case "--no-memory": memory = false
            case "--quick":
                (warmUp, duration, items, sessions) = (.seconds(1), .seconds(2), 1_000, 500)
            case "--data": data = value(argument)
            case "--output": output = value(argument)
            case "--help", "-h":
                print(Self.usage)
                exit(0)
            default: Self.fail("unknown argument \(argument)")
            }
        }
        if mode == .serve, data == nil { Self.fail("serve needs --data") }
        guard items > 50 else { Self.fail("--items must be more than one page (50)") }
    }
}
