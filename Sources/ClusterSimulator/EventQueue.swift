import Cluster

/// A binary min-heap of events keyed by (virtual time, insertion sequence): ties resolve in
/// insertion order, so runs are deterministic.
struct EventQueue<Payload> {
    struct Entry {
        var time: Int64
        var sequence: UInt64
        var payload: Payload
        @inline(__always) func before(_ o: Entry) -> Bool { time < o.time || (time == o.time && sequence < o.sequence) }
    }
    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    var nextTime: Int64? { heap.first?.time }

    mutating func push(_ time: Int64, _ payload: Payload) {
        heap.append(Entry(time: time, sequence: nextSequence, payload: payload))
        nextSequence &+= 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard heap[i].before(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n, heap[l].before(heap[m]) { m = l }
                if r < n, heap[r].before(heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
