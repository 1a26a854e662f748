import CLibXML2

/// RFC 4287's schema for Atom documents, with a shortcut for documents written in Feedsmith's own order.
///
/// Every document is first walked by ``AtomOrderedCheck`` (exactly what our renderer writes), then tried against
/// ``AtomSchema/inFeedsmithOrder``; each accepts a subset of the next, so acceptance by either is acceptance by
/// the RFC's schema. Anything it rejects (another generator's order, an
/// extension element, an invalid document) is validated again with the RFC's schema, which alone decides and
/// produces the findings. The verdict is always the RFC schema's; only the time differs: about half for our
/// own outputs, and one extra (usually early-failing) pass for another generator's feed in `feedctl validate`.
public struct AtomSchemaValidator: Sendable {
    let ordered: RelaxNGValidator
    let full: RelaxNGValidator

    private static let compiled = Result { () throws(RenderError) -> AtomSchemaValidator in
        AtomSchemaValidator(ordered: try RelaxNGValidator(schema: AtomSchema.inFeedsmithOrder), full: try RelaxNGValidator.atom())
    }

    /// Both schemas, compiled once.
    public static func shared() throws(RenderError) -> AtomSchemaValidator { try compiled.get() }

    /// The RFC schema's findings for a parsed document (the caller's tree, not changed). Our own outputs are
    /// recognized by ``AtomOrderedCheck`` without running a grammar at all.
    func validate(document: xmlDocPtr) -> [ValidationFinding] {
        if AtomOrderedCheck.accepts(document) || ordered.accepts(document: document) { return [] }
        return full.validate(document: document)
    }
}
