internal import CRabbitMQ

/// Scratch C memory for one call into rabbitmq-c (strings, tables, properties), taken
/// from an `amqp_pool_t` and recycled after the call: no Swift pointer escapes its scope.
final class CArena {
    private let pool: UnsafeMutablePointer<amqp_pool_t>

    init() {
        pool = .allocate(capacity: 1)
        init_amqp_pool(pool, 4096)
    }

    deinit {
        empty_amqp_pool(pool)
        pool.deallocate()
    }

    /// Runs `body` with this arena, then gives the memory back (pages are kept for reuse).
    func scoped<T>(_ body: (CArena) throws -> T) rethrows -> T {
        defer { recycle_amqp_pool(pool) }
        return try body(self)
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        var string = string
        return string.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    func bytes(_ raw: UnsafeRawBufferPointer) -> amqp_bytes_t {
        guard raw.count > 0 else { return amqp_empty_bytes }
        var result = amqp_bytes_t()
        amqp_pool_alloc_bytes(pool, raw.count, &result)
        guard let destination = result.bytes else { fatalError("rabbitmq-c pool allocation failed") }
        destination.copyMemory(from: raw.baseAddress!, byteCount: raw.count)
        return result
    }

    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_empty_table }
        let raw = amqp_pool_alloc(pool, MemoryLayout<amqp_table_entry_t>.stride * table.count)!
        let entries = raw.bindMemory(to: amqp_table_entry_t.self, capacity: table.count)
        for (index, entry) in table.entries.enumerated() {
            (entries + index).initialize(to: amqp_table_entry_t(key: bytes(entry.key), value: field(entry.value)))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    func field(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        func kind(_ k: amqp_field_value_kind_t) { field.kind = UInt8(k.rawValue) }
        switch value {
        case .bool(let v): kind(AMQP_FIELD_KIND_BOOLEAN); field.value.boolean = v ? 1 : 0
        case .int8(let v): kind(AMQP_FIELD_KIND_I8); field.value.i8 = v
        case .int16(let v): kind(AMQP_FIELD_KIND_I16); field.value.i16 = v
        case .int32(let v): kind(AMQP_FIELD_KIND_I32); field.value.i32 = v
        case .int64(let v): kind(AMQP_FIELD_KIND_I64); field.value.i64 = v
        case .uint8(let v): kind(AMQP_FIELD_KIND_U8); field.value.u8 = v
        case .uint16(let v): kind(AMQP_FIELD_KIND_U16); field.value.u16 = v
        case .uint32(let v): kind(AMQP_FIELD_KIND_U32); field.value.u32 = v
        case .uint64(let v): kind(AMQP_FIELD_KIND_U64); field.value.u64 = v
        case .float(let v): kind(AMQP_FIELD_KIND_F32); field.value.f32 = v
        case .double(let v): kind(AMQP_FIELD_KIND_F64); field.value.f64 = v
        case .decimal(let scale, let v):
            kind(AMQP_FIELD_KIND_DECIMAL); field.value.decimal = amqp_decimal_t(decimals: scale, value: v)
        case .string(let v): kind(AMQP_FIELD_KIND_UTF8); field.value.bytes = bytes(v)
        case .bytes(let v): kind(AMQP_FIELD_KIND_BYTES); field.value.bytes = v.withUnsafeBytes { bytes($0) }
        case .timestamp(let v): kind(AMQP_FIELD_KIND_TIMESTAMP); field.value.u64 = v
        case .table(let v): kind(AMQP_FIELD_KIND_TABLE); field.value.table = table(v)
        case .array(let values):
            kind(AMQP_FIELD_KIND_ARRAY)
            if values.isEmpty {
                field.value.array = amqp_array_t(num_entries: 0, entries: nil)
            } else {
                let raw = amqp_pool_alloc(pool, MemoryLayout<amqp_field_value_t>.stride * values.count)!
                let entries = raw.bindMemory(to: amqp_field_value_t.self, capacity: values.count)
                for (index, element) in values.enumerated() { (entries + index).initialize(to: self.field(element)) }
                field.value.array = amqp_array_t(num_entries: Int32(values.count), entries: entries)
            }
        case .void: kind(AMQP_FIELD_KIND_VOID)
        }
        return field
    }

    func properties(_ p: AMQPProperties) -> amqp_basic_properties_t {
        var c = amqp_basic_properties_t()
        var flags: UInt32 = 0
        if let v = p.contentType { flags |= UInt32(AMQP_BASIC_CONTENT_TYPE_FLAG); c.content_type = bytes(v) }
        if let v = p.contentEncoding { flags |= UInt32(AMQP_BASIC_CONTENT_ENCODING_FLAG); c.content_encoding = bytes(v) }
        if !p.headers.isEmpty { flags |= UInt32(AMQP_BASIC_HEADERS_FLAG); c.headers = table(p.headers) }
        if let v = p.persistent { flags |= UInt32(AMQP_BASIC_DELIVERY_MODE_FLAG); c.delivery_mode = v ? 2 : 1 }
        if let v = p.priority { flags |= UInt32(AMQP_BASIC_PRIORITY_FLAG); c.priority = v }
        if let v = p.correlationId { flags |= UInt32(AMQP_BASIC_CORRELATION_ID_FLAG); c.correlation_id = bytes(v) }
        if let v = p.replyTo { flags |= UInt32(AMQP_BASIC_REPLY_TO_FLAG); c.reply_to = bytes(v) }
        if let v = p.expiration { flags |= UInt32(AMQP_BASIC_EXPIRATION_FLAG); c.expiration = bytes(v) }
        if let v = p.messageId { flags |= UInt32(AMQP_BASIC_MESSAGE_ID_FLAG); c.message_id = bytes(v) }
        if let v = p.timestamp { flags |= UInt32(AMQP_BASIC_TIMESTAMP_FLAG); c.timestamp = v }
        if let v = p.type { flags |= UInt32(AMQP_BASIC_TYPE_FLAG); c.type = bytes(v) }
        if let v = p.userId { flags |= UInt32(AMQP_BASIC_USER_ID_FLAG); c.user_id = bytes(v) }
        if let v = p.appId { flags |= UInt32(AMQP_BASIC_APP_ID_FLAG); c.app_id = bytes(v) }
        c._flags = flags
        return c
    }
}

// MARK: - Copying out of rabbitmq-c's buffers

extension amqp_bytes_t {
    var array: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }

    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }
}

func decodeTable(_ table: amqp_table_t) -> AMQPTable {
    var result = AMQPTable()
    guard table.num_entries > 0, let entries = table.entries else { return result }
    for index in 0..<Int(table.num_entries) {
        let entry = entries[index]
        result[entry.key.string] = decodeField(entry.value)
    }
    return result
}

func decodeField(_ field: amqp_field_value_t) -> AMQPFieldValue {
    switch UInt32(field.kind) {
    case AMQP_FIELD_KIND_BOOLEAN.rawValue: .bool(field.value.boolean != 0)
    case AMQP_FIELD_KIND_I8.rawValue: .int8(field.value.i8)
    case AMQP_FIELD_KIND_I16.rawValue: .int16(field.value.i16)
    case AMQP_FIELD_KIND_I32.rawValue: .int32(field.value.i32)
    case AMQP_FIELD_KIND_I64.rawValue: .int64(field.value.i64)
    case AMQP_FIELD_KIND_U8.rawValue: .uint8(field.value.u8)
    case AMQP_FIELD_KIND_U16.rawValue: .uint16(field.value.u16)
    case AMQP_FIELD_KIND_U32.rawValue: .uint32(field.value.u32)
    case AMQP_FIELD_KIND_U64.rawValue: .uint64(field.value.u64)
    case AMQP_FIELD_KIND_F32.rawValue: .float(field.value.f32)
    case AMQP_FIELD_KIND_F64.rawValue: .double(field.value.f64)
    case AMQP_FIELD_KIND_DECIMAL.rawValue:
        .decimal(scale: field.value.decimal.decimals, value: field.value.decimal.value)
    case AMQP_FIELD_KIND_UTF8.rawValue: .string(field.value.bytes.string)
    case AMQP_FIELD_KIND_BYTES.rawValue: .bytes(field.value.bytes.array)
    case AMQP_FIELD_KIND_TIMESTAMP.rawValue: .timestamp(field.value.u64)
    case AMQP_FIELD_KIND_TABLE.rawValue: .table(decodeTable(field.value.table))
    case AMQP_FIELD_KIND_ARRAY.rawValue:
        .array(
            (0..<Int(max(field.value.array.num_entries, 0))).map { decodeField(field.value.array.entries[$0]) })
    default: .void
    }
}

func decodeProperties(_ c: amqp_basic_properties_t) -> AMQPProperties {
    let flags = c._flags
    func has(_ flag: Int32) -> Bool { flags & UInt32(flag) != 0 }
    var p = AMQPProperties()
    if has(AMQP_BASIC_CONTENT_TYPE_FLAG) { p.contentType = c.content_type.string }
    if has(AMQP_BASIC_CONTENT_ENCODING_FLAG) { p.contentEncoding = c.content_encoding.string }
    if has(AMQP_BASIC_HEADERS_FLAG) { p.headers = decodeTable(c.headers) }
    if has(AMQP_BASIC_DELIVERY_MODE_FLAG) { p.persistent = c.delivery_mode == 2 }
    if has(AMQP_BASIC_PRIORITY_FLAG) { p.priority = c.priority }
    if has(AMQP_BASIC_CORRELATION_ID_FLAG) { p.correlationId = c.correlation_id.string }
    if has(AMQP_BASIC_REPLY_TO_FLAG) { p.replyTo = c.reply_to.string }
    if has(AMQP_BASIC_EXPIRATION_FLAG) { p.expiration = c.expiration.string }
    if has(AMQP_BASIC_MESSAGE_ID_FLAG) { p.messageId = c.message_id.string }
    if has(AMQP_BASIC_TIMESTAMP_FLAG) { p.timestamp = c.timestamp }
    if has(AMQP_BASIC_TYPE_FLAG) { p.type = c.type.string }
    if has(AMQP_BASIC_USER_ID_FLAG) { p.userId = c.user_id.string }
    if has(AMQP_BASIC_APP_ID_FLAG) { p.appId = c.app_id.string }
    return p
}

func statusText(_ status: Int32) -> String {
    String(cString: amqp_error_string2(status))
}
