import Foundation

/// `file://` sources: read from disk with the same size limit, and an ETag from size and mtime so an
/// unchanged file counts as not modified.
enum FileFetcher {
    static func fetch(_ request: FetchRequest) throws(FetchError) -> FetchResponse {
        let path = request.url.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FetchError(url: request.url.absoluteString, reason: "no such file", hint: "check the path in feeds.yml (relative paths are relative to the config file)")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let etag = "\"\(size)-\(Int64(modified * 1000))\""
        if request.etag == etag {
            return FetchResponse(body: nil, status: 304, finalURL: request.url, etag: etag)
        }
        guard size <= request.maxBodySize else {
            throw FetchError(url: request.url.absoluteString, reason: "the file exceeds the limit of \(request.maxBodySize) bytes", hint: "raise `defaults.max_body_size`")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FetchError(url: request.url.absoluteString, reason: "the file cannot be read", hint: "check its permissions")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: request.maxBodySize + 1)) ?? Data()
        guard data.count <= request.maxBodySize else {
            throw FetchError(url: request.url.absoluteString, reason: "the file exceeds the limit of \(request.maxBodySize) bytes", hint: "raise `defaults.max_body_size`")
        }
        let type = path.hasSuffix(".json") ? "application/feed+json" : nil
        return FetchResponse(body: [UInt8](data), status: 200, finalURL: request.url, contentType: type, etag: etag)
    }
}
