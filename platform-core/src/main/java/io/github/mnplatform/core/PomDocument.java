package io.github.mnplatform.core;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A POM (or tile) as a DOM that is written back with the user's layout: the text before and
 * after the root element, the root's start tag, comments and the whitespace between elements
 * stay as they were. Removing an element takes the whitespace before it along; a new element
 * gets the indentation of its siblings. What XML does not tell apart comes out in one form: an
 * empty element as {@code <a/>}, attribute values in double quotes, character references as
 * the characters.
 */
public final class PomDocument {

    /** The order of a POM's top-level elements (Maven's model order), for placing new ones. */
    private static final List<String> TOP_LEVEL_ORDER = List.of("modelVersion", "parent", "groupId", "artifactId",
            "version", "packaging", "name", "description", "url", "inceptionYear", "organization", "licenses",
            "developers", "contributors", "mailingLists", "prerequisites", "modules", "scm", "issueManagement",
            "ciManagement", "distributionManagement", "properties", "dependencyManagement", "dependencies",
            "repositories", "pluginRepositories", "build", "reporting", "profiles");

    private final Document document;
    private final String prolog;
    private final String rootStartTag;
    private final String epilog;
    private final String lineSeparator;
    private final String indentUnit;

    private PomDocument(Document document, String prolog, String rootStartTag, String epilog, String lineSeparator) {
        this.document = document;
        this.prolog = prolog;
        this.rootStartTag = rootStartTag;
        this.epilog = epilog;
        this.lineSeparator = lineSeparator;
        this.indentUnit = detectIndentUnit(document.getDocumentElement());
    }

    public static PomDocument parse(String text) {
        String rootName;
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(new InputSource(new StringReader(text)));
            rootName = document.getDocumentElement().getTagName();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
        int rootStart = indexOfRootStart(text, rootName);
        int rootStartEnd = text.indexOf('>', rootStart) + 1;
        String closing = "</" + rootName + ">";
        int rootEnd = text.lastIndexOf(closing) + closing.length();
        return new PomDocument(document, text.substring(0, rootStart), text.substring(rootStart, rootStartEnd),
                text.substring(rootEnd), text.contains("\r\n") ? "\r\n" : "\n");
    }

    /** The first start tag of the root element, outside comments and the XML declaration. */
    private static int indexOfRootStart(String text, String rootName) {
        int at = 0;
        while (true) {
            int candidate = text.indexOf("<" + rootName, at);
            int comment = text.indexOf("<!--", at);
            if (comment >= 0 && comment < candidate) {
                at = text.indexOf("-->", comment) + 3;
                continue;
            }
            return candidate;
        }
    }

    public Element root() {
        return document.getDocumentElement();
    }

    public String text() {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(root()), new StreamResult(out));
            String serialized = out.toString();
            // The root's start tag as the user wrote it (attribute order, line breaks).
            String body = rootStartTag + serialized.substring(serialized.indexOf('>') + 1);
            return (prolog + body + epilog).replace("\r\n", "\n").replace("\n", lineSeparator);
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
                found.add(element);
            }
        }
        return found;
    }

    public static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    /** The element at the end of a path of child names, if every step exists. */
    public static Optional<Element> path(Element from, String... names) {
        Optional<Element> current = Optional.of(from);
        for (String name : names) {
            current = current.flatMap(element -> child(element, name));
        }
        return current;
    }

    /** The trimmed text of a child, or null when there is no such child. */
    public static String childText(Element parent, String name) {
        return child(parent, name).map(element -> element.getTextContent().trim()).orElse(null);
    }

    /**
     * Removes an element and the whitespace before it. A blank line that separated it from
     * what came before moves to the next element, so sections stay apart.
     */
    public static void remove(Element element) {
        Node before = element.getPreviousSibling();
        Node after = element.getNextSibling();
        if (before instanceof Text text && text.getData().isBlank()) {
            if (after instanceof Text next && next.getData().isBlank() && next.getNextSibling() != null
                    && lineBreaks(text) > lineBreaks(next)) {
                next.setData(text.getData());
            }
            before.getParentNode().removeChild(before);
        }
        element.getParentNode().removeChild(element);
    }

    private static long lineBreaks(Text text) {
        return text.getData().chars().filter(c -> c == '\n').count();
    }

    /** True when an element holds nothing but whitespace and comments. */
    public static boolean hasNoElements(Element element) {
        return children(element, null).isEmpty();
    }

    /** A new element with text content. */
    public Element element(String name, String text) {
        Element element = document.createElement(name);
        element.setTextContent(text);
        return element;
    }

    /** A new element with child elements, laid out when it is inserted. */
    public Element element(String name, Element... children) {
        Element element = document.createElement(name);
        for (Element child : children) {
            element.appendChild(child);
        }
        return element;
    }

    /**
     * An element of this document made from XML text (a fragment such as a {@code <profiles>}),
     * its whitespace dropped, so that it is laid out like a new element when it is inserted.
     */
    public Element fragment(String xml) {
        Element element = (Element) document.importNode(parse(xml).root(), true);
        dropWhitespace(element);
        return element;
    }

    private static void dropWhitespace(Element element) {
        for (Node node = element.getFirstChild(); node != null; ) {
            Node next = node.getNextSibling();
            if (node instanceof Text text && text.getData().isBlank()) {
                element.removeChild(node);
            } else if (node instanceof Element child) {
                dropWhitespace(child);
            }
            node = next;
        }
    }

    /** Gets a top-level element, creating it empty in Maven's model order when absent. */
    public Element topLevel(String name) {
        Optional<Element> existing = child(root(), name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Element created = document.createElement(name);
        int rank = TOP_LEVEL_ORDER.indexOf(name);
        Element before = children(root(), null).stream()
                .filter(sibling -> TOP_LEVEL_ORDER.indexOf(sibling.getTagName()) > rank)
                .findFirst().orElse(null);
        insert(root(), created, before);
        return created;
    }

    /** Gets a child element, appending it empty when absent. */
    public Element childOrCreate(Element parent, String name) {
        Optional<Element> existing = child(parent, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Element created = document.createElement(name);
        insert(parent, created, null);
        return created;
    }

    /** Inserts an element as the first child element of a parent. */
    public void insertFirst(Element parent, Element element) {
        insert(parent, element, children(parent, null).stream().findFirst().orElse(null));
    }

    /** Inserts an element right after a sibling. */
    public void insertAfter(Element sibling, Element element) {
        Node next = sibling.getNextSibling();
        while (next != null && !(next instanceof Element)) {
            next = next.getNextSibling();
        }
        insert((Element) sibling.getParentNode(), element, (Element) next);
    }

    /**
     * Inserts an element before a sibling (or last, when null), indented like its siblings;
     * its own children, if any, are laid out one level deeper.
     */
    public void insert(Element parent, Element element, Element before) {
        String indent = indentOf(parent) + indentUnit;
        layOut(element, indent);
        if (before != null) {
            // [whitespace][before] becomes [copy of whitespace][element][whitespace][before].
            Node whitespace = before.getPreviousSibling();
            if (whitespace instanceof Text text && text.getData().isBlank()) {
                parent.insertBefore(element, whitespace);
                parent.insertBefore(document.createTextNode(text.getData()), element);
            } else {
                parent.insertBefore(element, before);
                parent.insertBefore(document.createTextNode("\n" + indent), element);
                parent.insertBefore(document.createTextNode("\n" + indent), before);
            }
            return;
        }
        Node last = parent.getLastChild();
        if (last instanceof Text text && text.getData().isBlank()) {
            parent.insertBefore(document.createTextNode("\n" + indent), last);
            parent.insertBefore(element, last);
        } else {
            parent.appendChild(document.createTextNode("\n" + indent));
            parent.appendChild(element);
            parent.appendChild(document.createTextNode("\n" + indentOf(parent)));
        }
    }

    /** Puts newlines and indentation between the child elements of a new element. */
    private void layOut(Element element, String indent) {
        List<Element> children = children(element, null);
        if (children.isEmpty()) {
            return;
        }
        for (Element child : children) {
            element.insertBefore(document.createTextNode("\n" + indent + indentUnit), child);
            layOut(child, indent + indentUnit);
        }
        element.appendChild(document.createTextNode("\n" + indent));
    }

    /** The indentation of an element: the spaces after the last line break before it. */
    private String indentOf(Element element) {
        if (element == root()) {
            return "";
        }
        Node before = element.getPreviousSibling();
        if (before instanceof Text text && text.getData().isBlank()) {
            String data = text.getData();
            return data.substring(data.lastIndexOf('\n') + 1);
        }
        return indentOf((Element) element.getParentNode()) + indentUnit;
    }

    private static String detectIndentUnit(Element root) {
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Text text && text.getData().contains("\n") && text.getData().isBlank()) {
                String indent = text.getData().substring(text.getData().lastIndexOf('\n') + 1);
                if (!indent.isEmpty()) {
                    return indent;
                }
            }
        }
        return "  ";
    }
}
