package io.opencvm.attestation;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import io.opencvm.api.JsonBody;
import io.opencvm.api.PublicEndpoint;
import io.opencvm.node.Node;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The public quote desk: anyone may verify a TDX quote against this server's root and look at what was uploaded, and
 * see the platform ids of its nodes (what a quote's PPID is matched against). Nothing here needs an API key.
 */
@PublicEndpoint
@RestController
@RequestMapping("/api/v1/attestations")
class QuoteController {

    /** A TDX quote with its PCK chain is about 5 kB; anything near this is not one. */
    static final int MAX_QUOTE_BYTES = 64 * 1024;
    private static final Pattern HEX_TEXT = Pattern.compile("(0x)?([0-9a-fA-F]{2})+");

    private final AttestationService attestations;

    QuoteController(AttestationService attestations) {
        this.attestations = attestations;
    }

    /** {@code {"hex": "…", "event_log": [… or "…"]}}: with an event log, its replay to the quoted RTMRs is checked too. */
    @PostMapping(value = "/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> verifyJson(@RequestBody(required = false) JsonNode body) {
        JsonBody fields = JsonBody.required(body);
        byte[] quote = quoteBytes(fields, fields.requiredString("hex"));
        JsonNode log = body == null ? null : body.get("event_log");
        List<EventLogEntry> eventLog = null;
        if (log != null && !log.isNull()) {
            try {
                eventLog = log.isString() ? EventLog.parse(log.asString()) : EventLog.parse(log);
            } catch (EventLogFormatException e) {
                fields.check("event_log", log.toString(), false, e.getMessage());
            }
        }
        fields.throwIfAny();
        QuoteStore.StoredQuote stored = attestations.upload(quote);
        AttestationVerdict verdict = eventLog == null ? attestations.view(stored.checksum()).verdict()
                : attestations.verifyWithEventLog(quote, eventLog);
        return AttestationJson.uploaded(stored, verdict, attestations.nodes());
    }

    /** A multipart {@code file} (the raw quote) or a form field {@code hex}, as the published API takes them. */
    @PostMapping(value = "/verify", consumes = {MediaType.MULTIPART_FORM_DATA_VALUE,
            MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    Map<String, Object> verifyForm(@RequestParam(name = "file", required = false) MultipartFile file,
                                   @RequestParam(name = "hex", required = false) String hex) throws IOException {
        Fields fields = Fields.of("body");
        byte[] quote;
        if (file != null && !file.isEmpty()) {
            quote = file.getSize() > MAX_QUOTE_BYTES ? null : file.getBytes();
            fields.check("file", file.getOriginalFilename(), quote != null, "a quote is at most " + MAX_QUOTE_BYTES + " bytes");
        } else {
            quote = quoteBytes(fields, fields.required("hex", hex));
        }
        fields.throwIfAny();
        QuoteStore.StoredQuote stored = attestations.upload(quote);
        return AttestationJson.uploaded(stored, attestations.view(stored.checksum()).verdict(), attestations.nodes());
    }

    @GetMapping("/recent")
    Map<String, Object> recent(@RequestParam(name = "skip", required = false) String skip,
                               @RequestParam(name = "limit", required = false) String limit) {
        Fields query = Fields.of("query");
        Long from = query.atLeast("skip", integer(query, "skip", skip), 0);
        Long size = query.between("limit", integer(query, "limit", limit), 1, 100);
        query.throwIfAny();
        int offset = from == null ? 0 : from.intValue();
        int count = size == null ? 20 : size.intValue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", attestations.recent(offset, count).stream().map(AttestationJson::recentItem).toList());
        m.put("total", attestations.count());
        m.put("skip", offset);
        m.put("limit", count);
        return m;
    }

    @GetMapping("/view/{checksum}")
    Map<String, Object> view(@PathVariable String checksum) {
        AttestationService.Verified verified = attestations.view(checksum);
        return AttestationJson.uploaded(verified.stored(), verified.verdict(), attestations.nodes());
    }

    /** Collateral is Intel's (PCS); this server verifies offline and keeps none, so it says so for a known quote. */
    @GetMapping("/collateral/{checksum}")
    Map<String, Object> collateral(@PathVariable String checksum) {
        attestations.stored(checksum);
        throw new ApiException(ErrorCode.COLLATERAL_UNAVAILABLE, "No collateral for quote " + checksum + ": TCB info, "
                + "QE identity and CRLs come from Intel's PCS, which this server does not fetch"
                + (attestations.rootSimulated() ? ", and the quote's platform is the simulator's" : ""));
    }

    /** The quote's bytes as an attachment; HEAD answers the same headers (existence and length) without them. */
    @RequestMapping(value = "/raw/{checksum}", method = {RequestMethod.GET, RequestMethod.HEAD})
    ResponseEntity<byte[]> raw(@PathVariable String checksum) {
        QuoteStore.StoredQuote stored = attestations.stored(checksum);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + stored.checksum() + ".bin\"")
                .contentLength(stored.quote().length).body(stored.quote());
    }

    @GetMapping("/ppids")
    List<String> ppids() {
        return attestations.nodes().stream().map(n -> n.facts().ppid()).filter(Objects::nonNull).distinct().toList();
    }

    @GetMapping("/device_ids")
    List<String> deviceIds() {
        return attestations.nodes().stream().map(Node::deviceId).filter(Objects::nonNull).distinct().toList();
    }

    @GetMapping("/nodes")
    List<Map<String, Object>> nodes() {
        return attestations.nodes().stream().map(AttestationJson::node).toList();
    }

    private static byte[] quoteBytes(Fields fields, String hex) {
        if (hex == null) {
            return null;
        }
        String text = hex.strip();
        if (text.length() > 2 * MAX_QUOTE_BYTES + 2) {
            fields.add("hex", InputError.STRING_TOO_LONG, "…", 2 * MAX_QUOTE_BYTES + " characters");
            return null;
        }
        if (!HEX_TEXT.matcher(text).matches()) {
            fields.check("hex", "…", false, "hex must be the quote's bytes in hexadecimal, optionally prefixed with 0x");
            return null;
        }
        return HexFormat.of().parseHex(text.startsWith("0x") ? text.substring(2) : text);
    }

    private static Long integer(Fields query, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            query.add(field, InputError.INT_PARSING, value);
            return null;
        }
    }
}
