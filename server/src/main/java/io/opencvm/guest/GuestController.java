package io.opencvm.guest;

import io.opencvm.account.Caller;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import io.opencvm.api.PublicEndpoint;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What runs inside a CVM: containers, figures, network, runtime config, and the console behind a signed link. */
@RestController
@RequestMapping("/api/v1")
class GuestController {

    private static final List<String> CHANNELS = List.of("serial", "stdout", "stderr");

    private final GuestService guests;

    GuestController(GuestService guests) {
        this.guests = guests;
    }

    @GetMapping("/cvms/{cvmId}/composition")
    Map<String, Object> composition(Caller caller, @PathVariable String cvmId) {
        return GuestJson.composition(guests.composition(caller, cvmId));
    }

    @GetMapping("/cvms/{cvmId}/stats")
    Map<String, Object> stats(Caller caller, @PathVariable String cvmId) {
        return GuestJson.stats(guests.stats(caller, cvmId));
    }

    @GetMapping("/cvms/{cvmId}/network")
    Map<String, Object> network(Caller caller, @PathVariable String cvmId) {
        return GuestJson.network(guests.network(caller, cvmId));
    }

    @GetMapping("/cvms/{cvmId}/user_config")
    Map<String, Object> userConfig(Caller caller, @PathVariable String cvmId) {
        return GuestJson.userConfig(guests.userConfig(caller, cvmId));
    }

    /**
     * The {@code syslog_endpoint} of a CVM: its node's console, authorised by the link's own signature (the CLI
     * fetches it without the API key). {@code follow} and {@code ansi} count when present without a value, as the CLI
     * sends them; {@code tail} is the CLI's other name for {@code lines}. The body streams as the node sends it.
     */
    @PublicEndpoint
    @GetMapping("/cvms/{cvmId}/syslog")
    void syslog(@PathVariable String cvmId, @RequestParam(name = "exp", required = false) String exp,
                @RequestParam(name = "sig", required = false) String sig,
                @RequestParam(name = "ch", required = false) String ch,
                @RequestParam(name = "follow", required = false) String follow,
                @RequestParam(name = "lines", required = false) String lines,
                @RequestParam(name = "tail", required = false) String tail,
                @RequestParam(name = "ansi", required = false) String ansi,
                HttpServletResponse response) throws IOException {
        Fields query = Fields.of("query");
        Long expires = parseLong(query, "exp", query.required("exp", exp));
        String channel = query.oneOf("ch", ch == null ? "serial" : ch, CHANNELS,
                c -> CHANNELS.contains(c) ? Optional.of(c) : Optional.empty());
        Long count = parseLong(query, "lines", lines != null ? lines : tail);
        query.between("lines", count, 0, 100_000);
        query.throwIfAny();
        GuestService.ConsoleRequest request = new GuestService.ConsoleRequest(channel, flag(follow),
                count == null ? 10_000 : count.intValue(), flag(ansi));
        try (InputStream logs = guests.console(cvmId, expires, sig, request)) {
            response.setContentType("text/plain; charset=utf-8");
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = logs.read(buffer); n >= 0; n = logs.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush(); // a followed console shows each line as the node sends it
            }
        }
    }

    private static boolean flag(String value) {
        return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    private static Long parseLong(Fields query, String field, String value) {
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
