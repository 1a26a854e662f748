import Foundation
import Yams

/// Shape checks over a composed YAML tree that report the offending node's line and column.
struct YAMLReader {
    let file: String

    func error(_ node: Node?, _ message: String) -> ConfigError {
        let mark = node?.mark
        return ConfigError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message)
    }

    func syntaxError(_ error: YamlError) -> ConfigError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(prefix)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConfigError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key(s) \(duplicates.joined(separator: ", ")) in one mapping")
        default:
            return ConfigError(file: file, line: 0, column: 0, message: "YAML syntax: \(error)")
        }
    }

    /// A mapping's pairs by key, refusing keys not in `allowed` and keys given twice.
    func mapping(_ node: Node, in place: String, allowed: [String]) throws(ConfigError) -> [String: (key: Node, value: Node)] {
        guard case let .mapping(mapping) = node else {
            throw error(node, "\(place): expected a mapping of keys (\(allowed.joined(separator: ", ")))")
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else { throw error(key, "\(place): keys must be plain words") }
            let name = scalar.string
            guard allowed.contains(name) else {
                let hint = allowed.min { EditDistance.between($0, name) < EditDistance.between($1, name) }
                let suggestion = hint.map { EditDistance.between($0, name) <= 2 ? " (did you mean `\($0)`?)" : "" } ?? ""
                throw error(key, "unknown key `\(name)` in \(place)\(suggestion); expected one of: \(allowed.joined(separator: ", "))")
            }
            if let first = result[name] {
                throw error(key, "key `\(name)` is given twice in \(place) (first at line \(first.key.mark?.line ?? 0))")
            }
            result[name] = (key, value)
        }
        return result
    }

    func sequence(_ node: Node, what: String) throws(ConfigError) -> [Node] {
        guard case let .sequence(sequence) = node else { throw error(node, "\(what): expected a list (lines starting with `- `)") }
        return Array(sequence)
    }

    func scalar(_ node: Node, what: String) throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node else { throw error(node, "\(what): expected a single value, not a list or mapping") }
        return scalar.string
    }
}
