package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.guest.GuestMessages.Container;
import io.opencvm.vmmsim.guest.GuestMessages.DiskInfo;
import io.opencvm.vmmsim.guest.GuestMessages.Gateway;
import io.opencvm.vmmsim.guest.GuestMessages.GuestInfo;
import io.opencvm.vmmsim.guest.GuestMessages.Interface;
import io.opencvm.vmmsim.guest.GuestMessages.IpAddress;
import io.opencvm.vmmsim.guest.GuestMessages.ListContainersResponse;
import io.opencvm.vmmsim.guest.GuestMessages.NetworkInformation;
import io.opencvm.vmmsim.guest.GuestMessages.SystemInfo;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.tdx.Measurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guest agent's answers ({@code guest_api_service.rs}) computed from a {@link GuestSnapshot}: figures follow
 * the VM's configured resources and grow believably with uptime and the number of containers.
 */
public final class GuestViews {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;

    private GuestViews() {
    }

    /** {@code Info}: identity, the RA-TLS certificate chain and (unless {@code public_tcbinfo} is off) the TCB info. */
    public static GuestInfo info(GuestSnapshot s) {
        GuestFacts f = s.facts();
        return new GuestInfo(f.imageVersion(), f.appId(), s.instanceId(), s.appCertChain(),
                f.publicTcbinfo() ? tcbInfo(s) : "", f.deviceId());
    }

    /** The guest agent's {@code tcb_info}: serde's pretty JSON, keys in the agent's order. */
    public static String tcbInfo(GuestSnapshot s) {
        Measurement m = s.measurement();
        Map<String, Object> tcb = new LinkedHashMap<>();
        tcb.put("mrtd", Hex.encode(m.mrtd()));
        for (int i = 0; i < 4; i++) {
            tcb.put("rtmr" + i, Hex.encode(m.rtmr(i)));
        }
        tcb.put("mr_aggregated", Hex.encode(m.mrAggregated()));
        tcb.put("os_image_hash", s.facts().osImageHash());
        tcb.put("compose_hash", s.composeHash());
        tcb.put("device_id", s.facts().deviceId());
        tcb.put("event_log", m.eventLogJson());
        tcb.put("app_compose", s.facts().composeFile());
        return Json.serdePretty(tcb);
    }

    public static ListContainersResponse containers(GuestSnapshot s) {
        List<Container> out = new ArrayList<>();
        for (GuestSnapshot.RunningContainer c : s.containers()) {
            out.add(new Container(c.id(), List.of("/" + c.name()), c.image(),
                    "sha256:" + Hex.encode(Sha256.hash("opencvm-sim/image/" + c.image())),
                    c.created().getEpochSecond(), "running",
                    "Up " + DockerDuration.human(Duration.between(c.startedAt(), s.now()))));
        }
        return new ListContainersResponse(out);
    }

    public static SystemInfo sysInfo(GuestSnapshot s) {
        GuestFacts f = s.facts();
        long uptime = Math.max(0, Duration.between(s.bootedAt(), s.now()).getSeconds());
        long total = f.memoryMb() * MIB - 96 * MIB - f.memoryMb() * MIB / 64;
        long used = Math.min(total - 64 * MIB, 190 * MIB + 72 * MIB * s.containers().size() + (uptime % 600) * 64 * 1024);
        long buffers = Math.min(total - used, 120 * MIB + uptime * 8 * 1024);
        long free = Math.max(0, total - used - buffers);
        long load = 4 + 9L * s.containers().size();
        long disk = f.diskGb() * GIB - f.diskGb() * GIB / 50;
        long diskUsed = 420 * MIB + 180 * MIB * s.containers().size() + uptime * 2048;
        return new SystemInfo("DStack", f.imageVersion(), "6.9.0-dstack", "INTEL(R) XEON(R) PLATINUM 8558 @2100 MHz",
                f.vcpu(), total, total - used, used, free, 0, 0, 0, uptime, load + uptime % 7, load + uptime % 3,
                load, List.of(new DiskInfo("overlay", "/", disk, Math.max(0, disk - diskUsed))));
    }

    public static NetworkInformation network(GuestSnapshot s) {
        long uptime = Math.max(0, Duration.between(s.bootedAt(), s.now()).getSeconds());
        List<Interface> interfaces = new ArrayList<>();
        interfaces.add(new Interface("eth0", List.of(new IpAddress("10.0.2.15", 24),
                new IpAddress(slaacAddress(s.facts().mac()), 64)),
                1_846_000 + uptime * 5_120, 912_000 + uptime * 4_096, 0, 0));
        String wgInfo = "";
        if (s.gatewayUpAt() != null) {
            byte[] id = Sha256.hash("opencvm-sim/wg/" + s.instanceId());
            String ip = "10.4." + (id[0] & 0xff) + "." + Math.max(2, id[1] & 0xff);
            long since = Math.max(0, Duration.between(s.gatewayUpAt(), s.now()).getSeconds());
            interfaces.add(new Interface("dstack-wg0", List.of(new IpAddress(ip, 32)), 2_096 + since * 148,
                    1_880 + since * 156, 0, 0));
            wgInfo = wireGuard(id, since);
        }
        return new NetworkInformation(List.of("10.0.2.3"), List.of(new Gateway("10.0.2.2")), interfaces, wgInfo);
    }

    /** What {@code wg} prints (no TTY): the tunnel to the gateway, which re-handshakes every two minutes. */
    static String wireGuard(byte[] id, long since) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "interface: dstack-wg0\n"
                + "  public key: " + b64.encodeToString(Sha256.hash(id, new byte[] {1})) + "\n"
                + "  private key: (hidden)\n"
                + "  listening port: 51820\n\n"
                + "peer: " + b64.encodeToString(Sha256.hash("opencvm-sim/gateway-wg-key")) + "\n"
                + "  endpoint: 10.0.2.2:51820\n"
                + "  allowed ips: 10.4.0.0/16\n"
                + "  latest handshake: " + ago(since % 120) + "\n"
                + "  transfer: " + kib(2_096 + since * 148) + " received, " + kib(1_880 + since * 156) + " sent\n"
                + "  persistent keepalive: every 25 seconds\n";
    }

    /** {@code wg}'s wording: "1 minute, 5 seconds ago", "Now". */
    static String ago(long seconds) {
        if (seconds == 0) {
            return "Now";
        }
        List<String> parts = new ArrayList<>();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] names = {"day", "hour", "minute", "second"};
        long left = seconds;
        for (int i = 0; i < sizes.length; i++) {
            long n = left / sizes[i];
            left %= sizes[i];
            if (n > 0) {
                parts.add(n + " " + names[i] + (n == 1 ? "" : "s"));
            }
        }
        return String.join(", ", parts) + " ago";
    }

    /** QEMU user networking's IPv6 prefix {@code fec0::/64} with the EUI-64 interface id of {@code mac}. */
    static String slaacAddress(String mac) {
        String[] b = mac.split(":");
        int first = Integer.parseInt(b[0], 16) ^ 0x02;
        return String.format(Locale.ROOT, "fec0::%x:%x:%x:%x", (first << 8) | Integer.parseInt(b[1], 16),
                (Integer.parseInt(b[2], 16) << 8) | 0xff, 0xfe00 | Integer.parseInt(b[3], 16),
                Integer.parseInt(b[4] + b[5], 16));
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
    }
}
