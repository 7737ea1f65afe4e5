/// The compact binary form of a ``PropertySet``: what the database stores per object.
///
/// Format (version 1), all integers little-endian:
///
/// ```
/// set      = version:u8(=1) count:varint property{count}
/// property = tag:u32 value                      ; ids strictly ascending
/// value    = PT_SHORT u16 | PT_LONG u32 | PT_FLOAT u32 (IEEE bits) | PT_DOUBLE u64 (IEEE bits)
///          | PT_CURRENCY i64 | PT_APPTIME u64 (IEEE bits) | PT_ERROR u32 | PT_BOOLEAN u8 (0 or 1)
///          | PT_I8 i64 | PT_SYSTIME i64 | PT_CLSID 16 bytes (wire order)
///          | PT_STRING8, PT_UNICODE: length:varint UTF-8 bytes (no terminator)
///          | PT_BINARY: length:varint bytes
///          | PT_MV_*: count:varint element{count}, each element as its single-valued type
/// varint   = unsigned LEB128, at most 10 bytes
/// ```
///
/// The decoder is the trust boundary for stored rows: anything malformed (unknown version or
/// type, ids not ascending, truncation, trailing bytes, invalid UTF-8, a boolean other than 0/1,
/// a length or count larger than the bytes left) throws `MAPI_E_CORRUPT_DATA`. It never traps and
/// never allocates more than a small multiple of the input size, whatever the lengths claim.
public enum PropertyCodec {
    /// The format version written as the first byte.
    public static let version: UInt8 = 1

    /// Encodes a set (see the type's documentation for the format).
    public static func encode(_ set: PropertySet) -> [UInt8] {
        let total = encodedSize(of: set)
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            var writer = Writer(buffer: buffer)
            writer.byte(version)
            writer.varint(UInt64(set.count))
            for property in set {
                writer.u32(property.tag.rawValue)
                writer.value(property.value)
            }
            precondition(writer.offset == total, "PropertyCodec size computation disagrees with encoder")
            initialized = total
        }
    }

    /// Decodes bytes written by ``encode(_:)``; malformed input throws `.corruptData`.
    public static func decode(_ bytes: some Collection<UInt8>) throws(MAPIError) -> PropertySet {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(MAPIError) in try decode(buffer: buffer) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in
            Result { () throws(MAPIError) in try decode(buffer: buffer) }
        }.get()
    }

    /// The number of bytes `encode` produces for the set.
    public static func encodedSize(of set: PropertySet) -> Int {
        var total = 1 + varintSize(UInt64(set.count))
        for property in set { total += 4 + encodedSize(of: property.value) }
        return total
    }

    /// The number of bytes the value takes in the encoding (without its 4-byte tag).
    ///
    /// Fixed-width types take their width, strings and binaries a length varint plus their bytes,
    /// multi-valued types a count varint plus their elements. The sum over an object's properties
    /// (plus 4 per tag) is its stored size, which PR_MESSAGE_SIZE is computed from.
    public static func encodedSize(of value: PropertyValue) -> Int {
        switch value {
        case .short: 2
        case .long, .float, .error: 4
        case .double, .currency, .appTime, .i8, .sysTime: 8
        case .boolean: 1
        case .clsid: 16
        case .string8(let s), .unicode(let s): lengthPrefixed(s.utf8.count)
        case .binary(let b): lengthPrefixed(b.count)
        case .multiShort(let v): varintSize(UInt64(v.count)) + 2 * v.count
        case .multiLong(let v): varintSize(UInt64(v.count)) + 4 * v.count
        case .multiFloat(let v): varintSize(UInt64(v.count)) + 4 * v.count
        case .multiDouble(let v), .multiAppTime(let v): varintSize(UInt64(v.count)) + 8 * v.count
        case .multiCurrency(let v), .multiI8(let v): varintSize(UInt64(v.count)) + 8 * v.count
        case .multiSysTime(let v): varintSize(UInt64(v.count)) + 8 * v.count
        case .multiClsid(let v): varintSize(UInt64(v.count)) + 16 * v.count
        case .multiString8(let v), .multiUnicode(let v):
            v.reduce(varintSize(UInt64(v.count))) { $0 + lengthPrefixed($1.utf8.count) }
        case .multiBinary(let v):
            v.reduce(varintSize(UInt64(v.count))) { $0 + lengthPrefixed($1.count) }
        }
    }

    // MARK: - Sizes

    @inline(__always)
    static func lengthPrefixed(_ count: Int) -> Int { varintSize(UInt64(count)) + count }

    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int {
        // ceil(significant bits / 7), at least 1.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    // MARK: - Encoding

    private struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var offset = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

        @inline(__always)
        mutating func byte(_ b: UInt8) {
            buffer[offset] = b
            offset += 1
        }

        @inline(__always)
        mutating func u16(_ v: UInt16) {
            buffer[offset] = UInt8(truncatingIfNeeded: v)
            buffer[offset + 1] = UInt8(truncatingIfNeeded: v >> 8)
            offset += 2
        }

        @inline(__always)
        mutating func u32(_ v: UInt32) {
            precondition(offset + 4 <= buffer.count)
            UnsafeMutableRawPointer(buffer.baseAddress! + offset).storeBytes(of: v.littleEndian, as: UInt32.self)
            offset += 4
        }

        @inline(__always)
        mutating func u64(_ v: UInt64) {
            precondition(offset + 8 <= buffer.count)
            UnsafeMutableRawPointer(buffer.baseAddress! + offset).storeBytes(of: v.littleEndian, as: UInt64.self)
            offset += 8
        }

        @inline(__always)
        mutating func varint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                byte(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            byte(UInt8(v))
        }

        mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
            guard source.count > 0 else { return }
            precondition(offset + source.count <= buffer.count)
            (buffer.baseAddress! + offset).update(from: source.baseAddress!, count: source.count)
            offset += source.count
        }

        mutating func lengthPrefixed(_ b: [UInt8]) {
            varint(UInt64(b.count))
            b.withUnsafeBufferPointer { bytes($0) }
        }

        mutating func string(_ s: String) {
            let utf8 = s.utf8
            varint(UInt64(utf8.count))
            let done: Void? = utf8.withContiguousStorageIfAvailable { bytes($0) }
            if done == nil {
                for b in utf8 { byte(b) }
            }
        }

        mutating func guid(_ g: GUID) {
            g.bytes.withUnsafeBufferPointer { bytes($0) }
        }

        mutating func value(_ value: PropertyValue) {
            switch value {
            case .short(let v): u16(UInt16(bitPattern: v))
            case .long(let v): u32(UInt32(bitPattern: v))
            case .float(let v): u32(v.bitPattern)
            case .double(let v), .appTime(let v): u64(v.bitPattern)
            case .currency(let v), .i8(let v): u64(UInt64(bitPattern: v))
            case .error(let v): u32(v)
            case .boolean(let v): byte(v ? 1 : 0)
            case .sysTime(let t): u64(UInt64(bitPattern: t.rawValue))
            case .clsid(let g): guid(g)
            case .string8(let s), .unicode(let s): string(s)
            case .binary(let b): lengthPrefixed(b)
            case .multiShort(let v):
                varint(UInt64(v.count))
                for e in v { u16(UInt16(bitPattern: e)) }
            case .multiLong(let v):
                varint(UInt64(v.count))
                for e in v { u32(UInt32(bitPattern: e)) }
            case .multiFloat(let v):
                varint(UInt64(v.count))
                for e in v { u32(e.bitPattern) }
            case .multiDouble(let v), .multiAppTime(let v):
                varint(UInt64(v.count))
                for e in v { u64(e.bitPattern) }
            case .multiCurrency(let v), .multiI8(let v):
                varint(UInt64(v.count))
                for e in v { u64(UInt64(bitPattern: e)) }
            case .multiSysTime(let v):
                varint(UInt64(v.count))
                for e in v { u64(UInt64(bitPattern: e.rawValue)) }
            case .multiClsid(let v):
                varint(UInt64(v.count))
                for e in v { guid(e) }
            case .multiString8(let v), .multiUnicode(let v):
                varint(UInt64(v.count))
                for e in v { string(e) }
            case .multiBinary(let v):
                varint(UInt64(v.count))
                for e in v { lengthPrefixed(e) }
            }
        }
    }

    // MARK: - Decoding

    private static func decode(buffer: UnsafeBufferPointer<UInt8>) throws(MAPIError) -> PropertySet {
        var reader = Reader(buffer: buffer)
        let version = try reader.byte()
        guard version == Self.version else {
            throw MAPIError(.corruptData, "property data has unknown format version \(version)")
        }
        // Every property takes at least 5 bytes (tag + 1), which bounds the count before reserving.
        let count = try reader.count(minimumElementSize: 5)
        var properties = [Property]()
        properties.reserveCapacity(count)
        var previousID = -1
        for _ in 0..<count {
            let tag = PropertyTag(rawValue: try reader.u32())
            guard let type = tag.type else {
                throw MAPIError(.corruptData, "property data has tag \(tag) of unknown type")
            }
            guard Int(tag.id) > previousID else {
                throw MAPIError(.corruptData, "property data has tag \(tag) out of order")
            }
            previousID = Int(tag.id)
            properties.append(Property(id: tag.id, value: try reader.value(of: type)))
        }
        guard reader.remaining == 0 else {
            throw MAPIError(.corruptData, "property data has \(reader.remaining) trailing bytes")
        }
        return PropertySet(sortedUnchecked: properties)
    }

    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var offset = 0

        init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        var remaining: Int { buffer.count - offset }

        @inline(__always)
        func truncated() -> MAPIError {
            MAPIError(.corruptData, "property data truncated at byte \(offset) of \(buffer.count)")
        }

        @inline(__always)
        mutating func byte() throws(MAPIError) -> UInt8 {
            guard offset < buffer.count else { throw truncated() }
            defer { offset += 1 }
            return buffer[offset]
        }

        @inline(__always)
        mutating func u16() throws(MAPIError) -> UInt16 {
            guard remaining >= 2 else { throw truncated() }
            defer { offset += 2 }
            return UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
        }

        @inline(__always)
        mutating func u32() throws(MAPIError) -> UInt32 {
            guard remaining >= 4 else { throw truncated() }
            defer { offset += 4 }
            return UInt32(littleEndian: UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt32.self))
        }

        @inline(__always)
        mutating func u64() throws(MAPIError) -> UInt64 {
            guard remaining >= 8 else { throw truncated() }
            defer { offset += 8 }
            return UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        }

        mutating func varint() throws(MAPIError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                if shift == 63 && b > 1 {
                    throw MAPIError(.corruptData, "property data has an overlong varint at byte \(offset - 1)")
                }
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
        }

        /// A length or element count that the remaining bytes can hold at `minimumElementSize` each.
        mutating func count(minimumElementSize: Int) throws(MAPIError) -> Int {
            let start = offset
            let value = try varint()
            guard value <= UInt64(remaining / minimumElementSize) else {
                throw MAPIError(
                    .corruptData,
                    "property data claims \(value) items at byte \(start) but only \(remaining) bytes remain")
            }
            return Int(value)
        }

        mutating func slice() throws(MAPIError) -> UnsafeBufferPointer<UInt8> {
            let length = try count(minimumElementSize: 1)
            defer { offset += length }
            return UnsafeBufferPointer(rebasing: buffer[offset..<offset + length])
        }

        mutating func bytes() throws(MAPIError) -> [UInt8] { Array(try slice()) }

        mutating func string() throws(MAPIError) -> String {
            let start = offset
            // Invalid UTF-8 is refused, not repaired.
            guard let s = String(validating: try slice(), as: UTF8.self) else {
                throw MAPIError(.corruptData, "property data has invalid UTF-8 at byte \(start)")
            }
            return s
        }

        mutating func guid() throws(MAPIError) -> GUID {
            guard remaining >= 16 else { throw truncated() }
            defer { offset += 16 }
            return GUID(bytes: UnsafeBufferPointer(rebasing: buffer[offset..<offset + 16]))!
        }

        mutating func boolean() throws(MAPIError) -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            case let b: throw MAPIError(.corruptData, "property data has boolean \(b) at byte \(offset - 1)")
            }
        }

        mutating func many<T>(
            _ minimumElementSize: Int, _ element: (inout Reader) throws(MAPIError) -> T
        ) throws(MAPIError) -> [T] {
            let n = try count(minimumElementSize: minimumElementSize)
            var result = [T]()
            result.reserveCapacity(n)
            for _ in 0..<n { result.append(try element(&self)) }
            return result
        }

        mutating func value(of type: PropertyType) throws(MAPIError) -> PropertyValue {
            switch type {
            case .short: return .short(Int16(bitPattern: try u16()))
            case .long: return .long(Int32(bitPattern: try u32()))
            case .float: return .float(Float(bitPattern: try u32()))
            case .double: return .double(Double(bitPattern: try u64()))
            case .currency: return .currency(Int64(bitPattern: try u64()))
            case .appTime: return .appTime(Double(bitPattern: try u64()))
            case .error: return .error(try u32())
            case .boolean: return .boolean(try boolean())
            case .i8: return .i8(Int64(bitPattern: try u64()))
            case .string8: return .string8(try string())
            case .unicode: return .unicode(try string())
            case .sysTime: return .sysTime(FileTime(rawValue: Int64(bitPattern: try u64())))
            case .clsid: return .clsid(try guid())
            case .binary: return .binary(try bytes())
            case .multiShort: return .multiShort(try many(2) { r throws(MAPIError) in Int16(bitPattern: try r.u16()) })
            case .multiLong: return .multiLong(try many(4) { r throws(MAPIError) in Int32(bitPattern: try r.u32()) })
            case .multiFloat: return .multiFloat(try many(4) { r throws(MAPIError) in Float(bitPattern: try r.u32()) })
            case .multiDouble:
                return .multiDouble(try many(8) { r throws(MAPIError) in Double(bitPattern: try r.u64()) })
            case .multiCurrency:
                return .multiCurrency(try many(8) { r throws(MAPIError) in Int64(bitPattern: try r.u64()) })
            case .multiAppTime:
                return .multiAppTime(try many(8) { r throws(MAPIError) in Double(bitPattern: try r.u64()) })
            case .multiI8: return .multiI8(try many(8) { r throws(MAPIError) in Int64(bitPattern: try r.u64()) })
            case .multiString8: return .multiString8(try many(1) { r throws(MAPIError) in try r.string() })
            case .multiUnicode: return .multiUnicode(try many(1) { r throws(MAPIError) in try r.string() })
            case .multiSysTime:
                return .multiSysTime(
                    try many(8) { r throws(MAPIError) in FileTime(rawValue: Int64(bitPattern: try r.u64())) })
            case .multiClsid: return .multiClsid(try many(16) { r throws(MAPIError) in try r.guid() })
            case .multiBinary: return .multiBinary(try many(1) { r throws(MAPIError) in try r.bytes() })
            }
        }
    }
}
