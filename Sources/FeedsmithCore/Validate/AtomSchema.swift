/// RELAX NG (XML syntax) for Atom 1.0, transcribed from RFC 4287 Appendix B. Extension elements are any
/// element outside the Atom namespace; the prose rules a schema cannot express are checked in Swift.
enum AtomSchema {
    /// What validation compiles: ``rfc4287`` without its four XSD `pattern` facets, which ``AtomRules`` checks
    /// instead. libxml2 compiles a pattern facet into an automaton again for every value it checks (per link,
    /// per e-mail address), which made the patterns most of the schema's cost. Media types also exclude `text`,
    /// `html` and `xhtml`, which the pattern excluded, so `<content>`'s alternatives stay apart as in RFC 4287.
    /// Tests hold this schema plus AtomRules to the verdicts of ``rfc4287`` alone.
    static let rng: String = {
        var text = rfc4287
        for (original, derived) in patternFreeDefines { text = text.replacingOccurrences(of: original, with: derived) }
        return text
    }()

    /// The datatype definitions of ``rfc4287`` with a pattern facet, and what ``rng`` has instead.
    static let patternFreeDefines: [(String, String)] = [
        (#"<define name="atomMediaType"><data type="string"><param name="pattern">.+/.+</param></data></define>"#,
         #"<define name="atomMediaType"><data type="string"><except><choice><value>text</value><value>html</value><value>xhtml</value></choice></except></data></define>"#),
        (#"<define name="atomLanguageTag"><data type="string"><param name="pattern">[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*</param></data></define>"#,
         #"<define name="atomLanguageTag"><data type="string"/></define>"#),
        // Only used as `rel="…"`, in a choice with atomUri (any text): the pattern never decides anything.
        (#"<define name="atomNCName"><data type="string"><param name="minLength">1</param><param name="pattern">[^:]*</param></data></define>"#,
         #"<define name="atomNCName"><data type="string"><param name="minLength">1</param></data></define>"#),
        (#"<define name="atomEmailAddress"><data type="string"><param name="pattern">.+@.+</param></data></define>"#,
         #"<define name="atomEmailAddress"><data type="string"/></define>"#),
    ]

    /// A stricter grammar tried first on every Atom document: ``rng`` with the feed's, entry's, source's and
    /// person's children in the one order ``AtomRenderer`` writes them (a group where RFC 4287 has an
    /// interleave), no extension elements, and no attributes but `xml:lang` among the common ones. Each replaced
    /// definition accepts a subset of what the original accepts, so a document this grammar accepts is valid
    /// Atom; one it rejects is validated again with ``rng``, which alone decides and reports. libxml2 validates
    /// an interleave by trying the children against each of its branches: our own outputs validate in about half
    /// the time against this grammar (`xmllint --repeat --relaxng` over a 200-entry output: 1.6 against 3.0 ms
    /// beyond parsing).
    static let inFeedsmithOrder: String = {
        var text = rng
        for (name, definition) in orderedDefines {
            guard let start = text.range(of: "<define name=\"\(name)\">"),
                  let end = text.range(of: "</define>", range: start.upperBound..<text.endIndex) else { continue }
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: definition)
        }
        return text
    }()

    /// The definitions ``inFeedsmithOrder`` replaces, by name.
    static let orderedDefines: [(String, String)] = [
        ("atomCommonAttributes", #"""
            <define name="atomCommonAttributes">
              <optional><attribute><name ns="http://www.w3.org/XML/1998/namespace">lang</name><text/></attribute></optional>
            </define>
            """#),
        ("atomPersonConstruct", #"""
            <define name="atomPersonConstruct">
              <ref name="atomCommonAttributes"/>
              <element name="name"><text/></element>
              <optional><element name="uri"><ref name="atomUri"/></element></optional>
              <optional><element name="email"><ref name="atomEmailAddress"/></element></optional>
            </define>
            """#),
        ("atomFeed", #"""
            <define name="atomFeed">
              <element name="feed">
                <ref name="atomCommonAttributes"/>
                <ref name="atomId"/>
                <ref name="atomTitle"/>
                <optional><ref name="atomSubtitle"/></optional>
                <ref name="atomUpdated"/>
                <zeroOrMore><ref name="atomLink"/></zeroOrMore>
                <optional><ref name="atomGenerator"/></optional>
                <zeroOrMore><ref name="atomEntry"/></zeroOrMore>
              </element>
            </define>
            """#),
        ("atomEntry", #"""
            <define name="atomEntry">
              <element name="entry">
                <ref name="atomCommonAttributes"/>
                <ref name="atomId"/>
                <ref name="atomTitle"/>
                <zeroOrMore><ref name="atomLink"/></zeroOrMore>
                <optional><ref name="atomPublished"/></optional>
                <ref name="atomUpdated"/>
                <zeroOrMore><ref name="atomAuthor"/></zeroOrMore>
                <zeroOrMore><ref name="atomCategory"/></zeroOrMore>
                <optional><ref name="atomSummary"/></optional>
                <optional><ref name="atomContent"/></optional>
                <optional><ref name="atomSource"/></optional>
              </element>
            </define>
            """#),
        ("atomSource", #"""
            <define name="atomSource">
              <element name="source">
                <ref name="atomCommonAttributes"/>
                <optional><ref name="atomId"/></optional>
                <optional><ref name="atomTitle"/></optional>
                <zeroOrMore><ref name="atomLink"/></zeroOrMore>
                <optional><ref name="atomUpdated"/></optional>
              </element>
            </define>
            """#),
    ]

    /// RFC 4287 Appendix B, as transcribed.
    static let rfc4287 = #"""
<?xml version="1.0" encoding="UTF-8"?>
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.w3.org/2005/Atom"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start>
    <choice><ref name="atomFeed"/><ref name="atomEntry"/></choice>
  </start>

  <define name="atomCommonAttributes">
    <optional><attribute><name ns="http://www.w3.org/XML/1998/namespace">base</name><data type="anyURI"/></attribute></optional>
    <optional><attribute><name ns="http://www.w3.org/XML/1998/namespace">lang</name><text/></attribute></optional>
    <zeroOrMore><ref name="undefinedAttribute"/></zeroOrMore>
  </define>

  <define name="undefinedAttribute">
    <attribute>
      <anyName>
        <except>
          <name ns="http://www.w3.org/XML/1998/namespace">base</name>
          <name ns="http://www.w3.org/XML/1998/namespace">lang</name>
          <nsName ns=""/>
        </except>
      </anyName>
      <text/>
    </attribute>
  </define>

  <define name="atomPlainTextConstruct">
    <ref name="atomCommonAttributes"/>
    <optional><attribute name="type" ns=""><choice><value>text</value><value>html</value></choice></attribute></optional>
    <text/>
  </define>
  <define name="atomXHTMLTextConstruct">
    <ref name="atomCommonAttributes"/>
    <attribute name="type" ns=""><value>xhtml</value></attribute>
    <ref name="xhtmlDiv"/>
  </define>
  <define name="atomTextConstruct">
    <choice><ref name="atomPlainTextConstruct"/><ref name="atomXHTMLTextConstruct"/></choice>
  </define>

  <define name="atomPersonConstruct">
    <ref name="atomCommonAttributes"/>
    <interleave>
      <element name="name"><text/></element>
      <optional><element name="uri"><ref name="atomUri"/></element></optional>
      <optional><element name="email"><ref name="atomEmailAddress"/></element></optional>
      <zeroOrMore><ref name="extensionElement"/></zeroOrMore>
    </interleave>
  </define>

  <define name="atomDateConstruct">
    <ref name="atomCommonAttributes"/>
    <data type="dateTime"/>
  </define>

  <define name="atomFeed">
    <element name="feed">
      <ref name="atomCommonAttributes"/>
      <interleave>
        <zeroOrMore><ref name="atomAuthor"/></zeroOrMore>
        <zeroOrMore><ref name="atomCategory"/></zeroOrMore>
        <zeroOrMore><ref name="atomContributor"/></zeroOrMore>
        <optional><ref name="atomGenerator"/></optional>
        <optional><ref name="atomIcon"/></optional>
        <ref name="atomId"/>
        <zeroOrMore><ref name="atomLink"/></zeroOrMore>
        <optional><ref name="atomLogo"/></optional>
        <optional><ref name="atomRights"/></optional>
        <optional><ref name="atomSubtitle"/></optional>
        <ref name="atomTitle"/>
        <ref name="atomUpdated"/>
        <zeroOrMore><ref name="extensionElement"/></zeroOrMore>
      </interleave>
      <zeroOrMore><ref name="atomEntry"/></zeroOrMore>
    </element>
  </define>

  <define name="atomEntry">
    <element name="entry">
      <ref name="atomCommonAttributes"/>
      <interleave>
        <zeroOrMore><ref name="atomAuthor"/></zeroOrMore>
        <zeroOrMore><ref name="atomCategory"/></zeroOrMore>
        <optional><ref name="atomContent"/></optional>
        <zeroOrMore><ref name="atomContributor"/></zeroOrMore>
        <ref name="atomId"/>
        <zeroOrMore><ref name="atomLink"/></zeroOrMore>
        <optional><ref name="atomPublished"/></optional>
        <optional><ref name="atomRights"/></optional>
        <optional><ref name="atomSource"/></optional>
        <optional><ref name="atomSummary"/></optional>
        <ref name="atomTitle"/>
        <ref name="atomUpdated"/>
        <zeroOrMore><ref name="extensionElement"/></zeroOrMore>
      </interleave>
    </element>
  </define>

  <define name="atomInlineTextContent">
    <element name="content">
      <ref name="atomCommonAttributes"/>
      <optional><attribute name="type" ns=""><choice><value>text</value><value>html</value></choice></attribute></optional>
      <zeroOrMore><text/></zeroOrMore>
    </element>
  </define>
  <define name="atomInlineXHTMLContent">
    <element name="content">
      <ref name="atomCommonAttributes"/>
      <attribute name="type" ns=""><value>xhtml</value></attribute>
      <ref name="xhtmlDiv"/>
    </element>
  </define>
  <define name="atomInlineOtherContent">
    <element name="content">
      <ref name="atomCommonAttributes"/>
      <optional><attribute name="type" ns=""><ref name="atomMediaType"/></attribute></optional>
      <zeroOrMore><choice><text/><ref name="anyElement"/></choice></zeroOrMore>
    </element>
  </define>
  <define name="atomOutOfLineContent">
    <element name="content">
      <ref name="atomCommonAttributes"/>
      <optional><attribute name="type" ns=""><ref name="atomMediaType"/></attribute></optional>
      <attribute name="src" ns=""><ref name="atomUri"/></attribute>
      <empty/>
    </element>
  </define>
  <define name="atomContent">
    <choice>
      <ref name="atomInlineTextContent"/>
      <ref name="atomInlineXHTMLContent"/>
      <ref name="atomInlineOtherContent"/>
      <ref name="atomOutOfLineContent"/>
    </choice>
  </define>

  <define name="atomAuthor"><element name="author"><ref name="atomPersonConstruct"/></element></define>
  <define name="atomContributor"><element name="contributor"><ref name="atomPersonConstruct"/></element></define>
  <define name="atomCategory">
    <element name="category">
      <ref name="atomCommonAttributes"/>
      <attribute name="term" ns=""><text/></attribute>
      <optional><attribute name="scheme" ns=""><ref name="atomUri"/></attribute></optional>
      <optional><attribute name="label" ns=""><text/></attribute></optional>
      <ref name="undefinedContent"/>
    </element>
  </define>
  <define name="atomGenerator">
    <element name="generator">
      <ref name="atomCommonAttributes"/>
      <optional><attribute name="uri" ns=""><ref name="atomUri"/></attribute></optional>
      <optional><attribute name="version" ns=""><text/></attribute></optional>
      <text/>
    </element>
  </define>
  <define name="atomIcon"><element name="icon"><ref name="atomCommonAttributes"/><ref name="atomUri"/></element></define>
  <define name="atomId"><element name="id"><ref name="atomCommonAttributes"/><ref name="atomUri"/></element></define>
  <define name="atomLogo"><element name="logo"><ref name="atomCommonAttributes"/><ref name="atomUri"/></element></define>
  <define name="atomLink">
    <element name="link">
      <ref name="atomCommonAttributes"/>
      <attribute name="href" ns=""><ref name="atomUri"/></attribute>
      <optional><attribute name="rel" ns=""><choice><ref name="atomNCName"/><ref name="atomUri"/></choice></attribute></optional>
      <optional><attribute name="type" ns=""><ref name="atomMediaType"/></attribute></optional>
      <optional><attribute name="hreflang" ns=""><ref name="atomLanguageTag"/></attribute></optional>
      <optional><attribute name="title" ns=""><text/></attribute></optional>
      <optional><attribute name="length" ns=""><text/></attribute></optional>
      <ref name="undefinedContent"/>
    </element>
  </define>
  <define name="atomPublished"><element name="published"><ref name="atomDateConstruct"/></element></define>
  <define name="atomRights"><element name="rights"><ref name="atomTextConstruct"/></element></define>
  <define name="atomSource">
    <element name="source">
      <ref name="atomCommonAttributes"/>
      <interleave>
        <zeroOrMore><ref name="atomAuthor"/></zeroOrMore>
        <zeroOrMore><ref name="atomCategory"/></zeroOrMore>
        <zeroOrMore><ref name="atomContributor"/></zeroOrMore>
        <optional><ref name="atomGenerator"/></optional>
        <optional><ref name="atomIcon"/></optional>
        <optional><ref name="atomId"/></optional>
        <zeroOrMore><ref name="atomLink"/></zeroOrMore>
        <optional><ref name="atomLogo"/></optional>
        <optional><ref name="atomRights"/></optional>
        <optional><ref name="atomSubtitle"/></optional>
        <optional><ref name="atomTitle"/></optional>
        <optional><ref name="atomUpdated"/></optional>
        <zeroOrMore><ref name="extensionElement"/></zeroOrMore>
      </interleave>
    </element>
  </define>
  <define name="atomSubtitle"><element name="subtitle"><ref name="atomTextConstruct"/></element></define>
  <define name="atomSummary"><element name="summary"><ref name="atomTextConstruct"/></element></define>
  <define name="atomTitle"><element name="title"><ref name="atomTextConstruct"/></element></define>
  <define name="atomUpdated"><element name="updated"><ref name="atomDateConstruct"/></element></define>

  <define name="atomUri"><text/></define>
  <define name="atomMediaType"><data type="string"><param name="pattern">.+/.+</param></data></define>
  <define name="atomLanguageTag"><data type="string"><param name="pattern">[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*</param></data></define>
  <define name="atomNCName"><data type="string"><param name="minLength">1</param><param name="pattern">[^:]*</param></data></define>
  <define name="atomEmailAddress"><data type="string"><param name="pattern">.+@.+</param></data></define>

  <define name="extensionElement">
    <element>
      <anyName><except><nsName ns="http://www.w3.org/2005/Atom"/></except></anyName>
      <ref name="anything"/>
    </element>
  </define>
  <define name="undefinedContent">
    <zeroOrMore><choice><text/><ref name="anyForeignElement"/></choice></zeroOrMore>
  </define>
  <define name="anyForeignElement">
    <element>
      <anyName><except><nsName ns="http://www.w3.org/2005/Atom"/></except></anyName>
      <ref name="anything"/>
    </element>
  </define>
  <define name="anyElement">
    <element><anyName/><ref name="anything"/></element>
  </define>
  <define name="anything">
    <zeroOrMore>
      <choice>
        <attribute><anyName/><text/></attribute>
        <text/>
        <ref name="anyElement"/>
      </choice>
    </zeroOrMore>
  </define>
  <define name="xhtmlDiv">
    <element><name ns="http://www.w3.org/1999/xhtml">div</name><ref name="anything"/></element>
  </define>
</grammar>
"""#
}
