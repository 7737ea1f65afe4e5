import Foundation

/// A Swift type that stands for the values of some property types: `String` for PT_UNICODE
/// and PT_STRING8, `Int32` for PT_LONG, `Date` for PT_SYSTIME… ``PropertyKey`` uses it to give
/// typed access to properties.
public protocol PropertyValueConvertible: Sendable {
    /// Whether values of `type` can be read as this Swift type.
    static func accepts(_ type: PropertyType) -> Bool
    /// The Swift value of a property value; nil when the value has another type.
    init?(propertyValue: PropertyValue)
    /// The property value of the given type (one that ``accepts(_:)``).
    func propertyValue(as type: PropertyType) -> PropertyValue
}

extension String: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .unicode || type == .string8 }
    public init?(propertyValue: PropertyValue) {
        guard let string = propertyValue.string else { return nil }
        self = string
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { type == .string8 ? .string8(self) : .unicode(self) }
}

extension Int32: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .long }
    public init?(propertyValue: PropertyValue) {
        guard case .long(let value) = propertyValue else { return nil }
        self = value
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { .long(self) }
}

extension Int64: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .i8 || type == .currency }
    public init?(propertyValue: PropertyValue) {
        switch propertyValue {
        case .i8(let value), .currency(let value): self = value
        default: return nil
        }
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { type == .currency ? .currency(self) : .i8(self) }
}

extension Bool: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .boolean }
    public init?(propertyValue: PropertyValue) {
        guard case .boolean(let value) = propertyValue else { return nil }
        self = value
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { .boolean(self) }
}

extension Double: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .double || type == .appTime }
    public init?(propertyValue: PropertyValue) {
        switch propertyValue {
        case .double(let value), .appTime(let value): self = value
        default: return nil
        }
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { type == .appTime ? .appTime(self) : .double(self) }
}

extension Array: PropertyValueConvertible where Element == UInt8 {
    public static func accepts(_ type: PropertyType) -> Bool { type == .binary }
    public init?(propertyValue: PropertyValue) {
        guard let bytes = propertyValue.bytes else { return nil }
        self = bytes
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { .binary(self) }
}

extension FileTime: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .sysTime }
    public init?(propertyValue: PropertyValue) {
        guard case .sysTime(let value) = propertyValue else { return nil }
        self = value
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { .sysTime(self) }
}

extension Date: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .sysTime }
    public init?(propertyValue: PropertyValue) {
        guard case .sysTime(let value) = propertyValue else { return nil }
        self.init(timeIntervalSince1970: value.unixSeconds)
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue {
        .sysTime(FileTime(unixSeconds: timeIntervalSince1970))
    }
}

extension GUID: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .clsid }
    public init?(propertyValue: PropertyValue) {
        guard case .clsid(let value) = propertyValue else { return nil }
        self = value
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { .clsid(self) }
}

extension EntryID: PropertyValueConvertible {
    public static func accepts(_ type: PropertyType) -> Bool { type == .binary }
    public init?(propertyValue: PropertyValue) {
        guard let bytes = propertyValue.bytes else { return nil }
        self.init(bytes)
    }
    public func propertyValue(as type: PropertyType) -> PropertyValue { .binary(bytes) }
}
