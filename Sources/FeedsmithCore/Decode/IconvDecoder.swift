import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Converts bytes in a legacy charset to a Swift string with glibc's iconv, replacing each undecodable
/// byte with U+FFFD and counting it, where libxml2 and Foundation would stop or give up.
public enum IconvDecoder {
    /// nil when the converter does not exist on this system.
    public static func decode(_ bytes: [UInt8], from encoding: String) -> (text: String, replacedBytes: Int)? {
        #if canImport(Glibc)
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }

        var capacity = bytes.count * 3 + 16
        var output = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { output.deallocate() }
        var used = 0
        var replaced = 0

        func ensure(_ extra: Int) {
            guard used + extra > capacity else { return }
            let grown = max(capacity * 2, used + extra)
            let next = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            next.update(from: output, count: used)
            output.deallocate()
            output = next
            capacity = grown
        }
        func appendReplacement() {
            ensure(3)
            output[used] = 0xEF; output[used + 1] = 0xBF; output[used + 2] = 0xBD
            used += 3
        }

        bytes.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
            var inLeft = input.count
            while inLeft > 0 {
                ensure(inLeft * 2 + 16)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output + used).assumingMemoryBound(to: CChar.self)
                var outLeft = capacity - used
                let before = outLeft
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                used += before - outLeft
                guard result == -1 else { continue }
                switch errno {
                case E2BIG:
                    ensure(capacity)  // doubles
                case EILSEQ:
                    replaced += 1
                    appendReplacement()
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                    iconv(descriptor, nil, nil, nil, nil)
                case EINVAL:  // a sequence cut off by the end of the input
                    replaced += inLeft
                    appendReplacement()
                    inLeft = 0
                default:
                    replaced += inLeft
                    appendReplacement()
                    inLeft = 0
                }
            }
        }
        let text = String(decoding: UnsafeBufferPointer(start: output, count: used), as: UTF8.self)
        return (text, replaced)
        #else
        return nil
        #endif
    }
}
