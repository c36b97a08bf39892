/// The generator's only source of randomness: SplitMix64, seeded from the `--seed` and a
/// stream key (an entity and its id), so each imóvel draws the same numbers whatever order
/// the tables are written in and however many passes read it. Never the system generator.
public struct SeedRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64, stream: UInt64 = 0, index: UInt64 = 0) {
        state = Self.mix(seed ^ Self.mix(stream &+ 0x9E37_79B9_7F4A_7C15) ^ Self.mix(index &* 0xD1B5_4A32_D192_ED03))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in `range` (multiply-shift; the tiny bias is irrelevant for test data).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// True with probability `percent` / 100 (hundredths of a percent allowed: 0.5).
    public mutating func chance(_ percent: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) * 100 < percent
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Stream keys: one per kind of entity, so two entities with the same id draw differently.
/// New kinds take new keys at the end, so the existing streams (and the tables drawn from
/// them) never change.
enum Stream: UInt64 {
    case layout = 1, imovel, cliente, conta, parcelamento, guia
}
