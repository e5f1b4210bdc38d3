package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.guest.GuestMessages.Container;
import io.opencvm.vmmsim.guest.GuestMessages.DiskInfo;
import io.opencvm.vmmsim.guest.GuestMessages.SystemInfo;
import io.opencvm.vmmsim.prpc.RawRoute;
import io.opencvm.vmmsim.prpc.RpcError;
import io.opencvm.vmmsim.prpc.StreamRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guest agent's public HTTP routes on its external port 8090 ({@code external_routes}): {@code GET /} (the
 * dashboard), {@code GET /logs/<container>} only with {@code public_logs}, {@code GET /metrics} (Prometheus text)
 * only with {@code public_sysinfo}. A route that is not mounted answers 404, as Rocket does.
 */
public final class GuestAgentHttp {

    private final GuestDirectory guests;
    private final ContainerLogs logs;

    public GuestAgentHttp(GuestDirectory guests, StreamLimits limits, Supplier<Instant> clock) {
        this.guests = guests;
        this.logs = new ContainerLogs(guests, limits, clock);
    }

    /** Answers {@code path} (below the agent's root) for the guest of VM {@code vmId}. */
    public StreamRoute.Opened handle(String vmId, String method, String path, Map<String, String> query) {
        GuestSnapshot guest;
        try {
            guest = guests.reach(vmId);
        } catch (RpcError e) {
            return StreamRoute.Opened.reply(502, "502: Bad Gateway");
        }
        if (!method.equals("GET")) {
            return StreamRoute.Opened.reply(404, "404: Not Found");
        }
        if (path.equals("/") || path.isEmpty()) {
            return html(Dashboard.render(guest));
        }
        if (path.equals("/metrics") && guest.facts().publicSysinfo()) {
            String text = metrics(GuestViews.sysInfo(guest));
            return StreamRoute.Opened.stream(sink -> sink.send(text));
        }
        if (path.startsWith("/logs/") && guest.facts().publicLogs() && path.length() > "/logs/".length()) {
            String container = URLDecoder.decode(path.substring("/logs/".length()), StandardCharsets.UTF_8);
            return logs.open(vmId, container, query);
        }
        return StreamRoute.Opened.reply(404, "404: Not Found");
    }

    private static StreamRoute.Opened html(String page) {
        return new StreamRoute.Opened(new RawRoute.Reply(200, "text/html; charset=utf-8", page), null, null);
    }

    /** {@code templates/metrics.tpl}: the system figures as Prometheus gauges. */
    static String metrics(SystemInfo s) {
        StringBuilder out = new StringBuilder();
        gauge(out, "system_os_name", "Operating system name", "{os_name=\"" + label(s.osName()) + "\"} 1");
        gauge(out, "system_os_version", "Operating system version", "{os_version=\"" + label(s.osVersion()) + "\"} 1");
        gauge(out, "system_kernel_version", "Kernel version",
                "{kernel_version=\"" + label(s.kernelVersion()) + "\"} 1");
        gauge(out, "system_cpu_model", "CPU model information", "{cpu_model=\"" + label(s.cpuModel()) + "\"} 1");
        gauge(out, "system_num_cpus", "Number of logical CPUs", " " + s.numCpus());
        gauge(out, "system_memory_total", "Total memory in bytes", " " + s.totalMemory());
        gauge(out, "system_memory_available", "Available memory in bytes", " " + s.availableMemory());
        gauge(out, "system_memory_used", "Used memory in bytes", " " + s.usedMemory());
        gauge(out, "system_memory_free", "Free memory in bytes", " " + s.freeMemory());
        gauge(out, "system_swap_total", "Total swap memory in bytes", " " + s.totalSwap());
        gauge(out, "system_swap_used", "Used swap memory in bytes", " " + s.usedSwap());
        gauge(out, "system_swap_free", "Free swap memory in bytes", " " + s.freeSwap());
        gauge(out, "system_uptime", "System uptime in seconds", " " + s.uptime());
        gauge(out, "system_load_average_1m", "System load average (1 minute)", " " + s.loadavgOne());
        gauge(out, "system_load_average_5m", "System load average (5 minutes)", " " + s.loadavgFive());
        gauge(out, "system_load_average_15m", "System load average (15 minutes)", " " + s.loadavgFifteen());
        disks(out, s, "disk_total_size", "Disk total size in bytes", d -> String.valueOf(d.totalSize()));
        disks(out, s, "disk_free_size", "Disk free size in bytes", d -> String.valueOf(d.freeSize()));
        disks(out, s, "disk_used_size", "Disk used size in bytes", d -> String.valueOf(d.totalSize() - d.freeSize()));
        disks(out, s, "disk_usage_percentage", "Disk usage percentage", d -> d.totalSize() == 0 ? "0"
                : String.valueOf((d.totalSize() - d.freeSize()) * 100.0 / d.totalSize()));
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String sample) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n").append(name).append(sample).append("\n\n");
    }

    private static void disks(StringBuilder out, SystemInfo s, String name, String help,
            Function<DiskInfo, String> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n");
        for (DiskInfo d : s.disks()) {
            out.append(name).append("{name=\"").append(label(d.name())).append("\", mount_point=\"")
                    .append(label(d.mountPoint())).append("\"} ").append(value.apply(d)).append('\n');
        }
        out.append('\n');
    }

    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The agent's dashboard page, reduced to what it shows: identity, containers, system and TCB info. */
    static final class Dashboard {
        private Dashboard() {
        }

        static String render(GuestSnapshot g) {
            GuestFacts f = g.facts();
            StringBuilder rows = new StringBuilder();
            for (Container c : GuestViews.containers(g).containers()) {
                rows.append("<tr><td>").append(esc(String.join(", ", c.names()))).append("</td><td>")
                        .append(esc(c.image())).append("</td><td>").append(esc(c.status())).append("</td><td>")
                        .append(f.publicLogs() ? "<a href=\"logs" + esc(c.names().get(0))
                                + "?text&amp;bare&amp;timestamps&amp;tail=100\">logs</a>" : "").append("</td></tr>\n");
            }
            String sys = "";
            if (f.publicSysinfo()) {
                SystemInfo s = GuestViews.sysInfo(g);
                sys = "<h2>System</h2><p>" + esc(s.osName() + " " + s.osVersion() + ", kernel " + s.kernelVersion())
                        + ", " + s.numCpus() + " vCPU, " + s.totalMemory() / (1024 * 1024) + " MiB, up "
                        + s.uptime() + " s</p>";
            }
            String tcb = f.publicTcbinfo() ? "<h2>TCB Info</h2><textarea readonly>" + esc(GuestViews.tcbInfo(g))
                    + "</textarea>" : "";
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Worker Information</title>"
                    + "</head><body>\n<h1>Worker Information</h1>\n<table><tr><th>App name</th><td>" + esc(f.appName())
                    + "</td></tr><tr><th>App ID</th><td>" + f.appId() + "</td></tr><tr><th>Instance ID</th><td>"
                    + g.instanceId() + "</td></tr><tr><th>Device ID</th><td>" + f.deviceId() + "</td></tr></table>\n"
                    + "<h2>Deployed Containers</h2><table><tr><th>Name</th><th>Image</th><th>Status</th><th>Logs</th>"
                    + "</tr>\n" + rows + "</table>\n" + sys + tcb + "\n</body></html>\n";
        }

        private static String esc(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
