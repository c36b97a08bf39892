internal import CLibPQ

/// Bound parameters laid out the way `PQexecParams` wants them: types, formats, lengths
/// and pointers to the values. The values live in one buffer allocated for the call and
/// freed when ``withUnsafeParameters(_:)`` returns; no pointer outlives that scope.
struct EncodedParameters {
    private var values: [PostgresEncodedValue?] = []
    private var types: [Oid] = []

    init(_ binds: [(any PostgresEncodable)?]) throws {
        values.reserveCapacity(binds.count)
        types.reserveCapacity(binds.count)
        for (index, bind) in binds.enumerated() {
            guard let bind else {
                values.append(nil)
                types.append(0)
                continue
            }
            let value = try bind.postgresEncoded()
            if case .text(let text) = value, text.utf8.contains(0) {
                throw PostgresError(
                    kind: .encoding,
                    message: "parameter $\(index + 1) contains a NUL byte, which PostgreSQL text cannot hold")
            }
            values.append(value)
            types.append(type(of: bind).postgresType.rawValue)
        }
    }

    var count: Int { values.count }

    /// Calls `body` with `(count, types, values, lengths, formats)`, valid only inside it.
    func withUnsafeParameters<R>(
        _ body: (
            Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?
        ) throws -> R
    ) rethrows -> R {
        var lengths = [Int32](repeating: 0, count: values.count)
        var formats = [Int32](repeating: 0, count: values.count)
        var total = 0
        for (index, value) in values.enumerated() {
            switch value {
            case .text(let text): total += text.utf8.count + 1  // NUL-terminated
            case .binary(let bytes):
                total += bytes.count
                lengths[index] = Int32(bytes.count)
                formats[index] = 1
            case nil: break
            }
        }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        defer { storage.deallocate() }
        var pointers = [UnsafePointer<CChar>?](repeating: nil, count: values.count)
        var offset = 0
        for (index, value) in values.enumerated() {
            let start = storage.baseAddress! + offset
            switch value {
            case .text(let text):
                let written = text.utf8.count
                UnsafeMutableRawBufferPointer(rebasing: storage[offset...]).copyBytes(from: text.utf8)
                storage[offset + written] = 0
                offset += written + 1
            case .binary(let bytes):
                UnsafeMutableRawBufferPointer(rebasing: storage[offset...]).copyBytes(from: bytes)
                offset += bytes.count
            case nil:
                continue
            }
            pointers[index] = UnsafePointer(start.assumingMemoryBound(to: CChar.self))
        }
        return try pointers.withUnsafeBufferPointer { pointers in
            try types.withUnsafeBufferPointer { types in
                try lengths.withUnsafeBufferPointer { lengths in
                    try formats.withUnsafeBufferPointer { formats in
                        try body(
                            Int32(values.count), types.baseAddress, pointers.baseAddress, lengths.baseAddress,
                            formats.baseAddress)
                    }
                }
            }
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings, valid only inside it.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows
    -> R
{
    let total = strings.reduce(0) { $0 + $1.utf8.count + 1 }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
    defer { storage.deallocate() }
    var pointers: [UnsafePointer<CChar>?] = []
    pointers.reserveCapacity(strings.count + 1)
    var offset = 0
    for string in strings {
        let written = string.utf8.count
        UnsafeMutableRawBufferPointer(rebasing: storage[offset...]).copyBytes(from: string.utf8)
        storage[offset + written] = 0
        pointers.append(UnsafePointer((storage.baseAddress! + offset).assumingMemoryBound(to: CChar.self)))
        offset += written + 1
    }
    pointers.append(nil)
    return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
}
