/// Publisher-confirm bookkeeping for one channel (pure; no I/O).
///
/// Sequence numbers are assigned 1, 2, 3 … in publish order. The broker acks or nacks
/// them singly or "up to and including n" (`multiple`), possibly out of order across
/// queues. Outstanding numbers are kept in publish order with a moving head, so a
/// `multiple` ack costs only the numbers it settles.
struct ConfirmTracker {
    enum Outcome: Equatable { case acked, nacked, outstanding }

    private(set) var nextSequence: UInt64 = 1
    private var outstanding: [UInt64] = []
    private var head = 0
    /// Settled out of order, still inside `outstanding[head...]`.
    private var settledAhead: Set<UInt64> = []
    /// Nacked numbers not yet reported by `take(_:)`.
    private var nacked: Set<UInt64> = []

    var outstandingCount: Int { outstanding.count - head - settledAhead.count }
    var allSettled: Bool { outstandingCount == 0 }

    mutating func published() -> UInt64 {
        defer { nextSequence += 1 }
        outstanding.append(nextSequence)
        return nextSequence
    }

    mutating func settle(tag: UInt64, multiple: Bool, ack: Bool) {
        if multiple {
            while head < outstanding.count, outstanding[head] <= tag {
                let sequence = outstanding[head]
                if settledAhead.remove(sequence) == nil, !ack { nacked.insert(sequence) }
                head += 1
            }
        } else if head < outstanding.count, tag >= outstanding[head], tag < nextSequence {
            guard !settledAhead.contains(tag) else { return }
            if !ack { nacked.insert(tag) }
            if outstanding[head] == tag {
                head += 1
                while head < outstanding.count, settledAhead.remove(outstanding[head]) != nil { head += 1 }
            } else {
                settledAhead.insert(tag)
            }
        }
        compact()
    }

    /// What happened to `sequence`; a reported nack is forgotten.
    mutating func take(_ sequence: UInt64) -> Outcome {
        if nacked.remove(sequence) != nil { return .nacked }
        return isSettled(sequence) ? .acked : .outstanding
    }

    func isSettled(_ sequence: UInt64) -> Bool {
        if sequence >= nextSequence { return false }
        if head >= outstanding.count { return true }
        return sequence < outstanding[head] || settledAhead.contains(sequence)
    }

    /// The channel is gone: nothing more will be confirmed.
    mutating func reset() {
        outstanding.removeAll()
        head = 0
        settledAhead.removeAll()
        nacked.removeAll()
    }

    private mutating func compact() {
        if head > 4096, head * 2 > outstanding.count {
            outstanding.removeFirst(head)
            head = 0
        }
    }
}
