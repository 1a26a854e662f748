import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Converts bytes in a legacy charset to UTF-8 with glibc's iconv, replacing each undecodable byte with
/// U+FFFD and counting it, where libxml2 and Foundation would stop or give up.
public enum IconvDecoder {
    /// nil when the converter does not exist on this system.
    public static func decode(_ bytes: [UInt8], from encoding: String) -> (text: String, replacedBytes: Int)? {
        guard let (utf8, replaced) = decodeToUTF8(bytes, from: encoding) else { return nil }
        return (String(decoding: utf8, as: UTF8.self), replaced)
    }

    /// The same conversion as ``decode(_:from:)``, kept as bytes: iconv writes valid UTF-8, and the HTML
    /// parser reads bytes, so building a `String` would only validate and copy them again.
    public static func decodeToUTF8(_ bytes: [UInt8], from encoding: String) -> (utf8: [UInt8], replacedBytes: Int)? {
        #if canImport(Glibc)
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        // Three output bytes per input byte hold every CJK charset (and each U+FFFD); a converter that
        // writes more is run again with room to spare, which keeps the common case to one buffer.
        var capacity = bytes.count * 3 + 16
        while true {
            if let converted = convert(bytes, with: descriptor, capacity: capacity) { return converted }
            iconv(descriptor, nil, nil, nil, nil)
            capacity *= 2
        }
        #else
        return nil
        #endif
    }

    #if canImport(Glibc)
    /// nil when `capacity` bytes cannot hold the output.
    private static func convert(_ bytes: [UInt8], with descriptor: iconv_t, capacity: Int) -> (utf8: [UInt8], replacedBytes: Int)? {
        var replaced = 0
        var overflow = false
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, used in
            used = 0
            guard let outputBase = buffer.baseAddress else { return }
            func appendReplacement() -> Bool {
                guard capacity - used >= 3 else { return false }
                outputBase[used] = 0xEF; outputBase[used + 1] = 0xBF; outputBase[used + 2] = 0xBD
                used += 3
                return true
            }
            bytes.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress else { return }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
                var inLeft = input.count
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBase + used).assumingMemoryBound(to: CChar.self)
                    var outLeft = capacity - used
                    let before = outLeft
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    used += before - outLeft
                    guard result == -1 else { continue }
                    switch errno {
                    case E2BIG:
                        overflow = true
                        return
                    case EILSEQ:
                        replaced += 1
                        guard appendReplacement() else { overflow = true; return }
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        iconv(descriptor, nil, nil, nil, nil)
                    default:  // EINVAL: a sequence cut off by the end of the input
                        replaced += inLeft
                        guard appendReplacement() else { overflow = true; return }
                        inLeft = 0
                    }
                }
            }
        }
        return overflow ? nil : (output, replaced)
    }
    #endif
}
