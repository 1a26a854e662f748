import Crypto
import Foundation

/// SHA-256 of bytes as lower-case hex: strong ETags for served files.
public enum ContentDigest {
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
