package io.opencvm.vmmsim.tdx;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.crypto.Sha384;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The measurements of one simulated TD boot: MRTD and the boot-time events of RTMR0..2, all derived from the OS
 * image alone (the same image always measures the same), then the dstack runtime events the guest extends into
 * RTMR3 as it boots. Every RTMR is the replay of its events: {@code rtmr = sha384(rtmr ‖ digest)} from 48 zero
 * bytes. Only its VM's owner (under the node lock) changes it; readers get copies.
 */
public final class Measurement {

    /** {@code DSTACK_RUNTIME_EVENT_TYPE}: not a TCG type, reserved by dstack for its runtime events. */
    public static final long RUNTIME_EVENT_TYPE = 0x08000001L;

    private static final long EV_SEPARATOR = 4;
    private static final long EV_EVENT_TAG = 6;
    private static final long EV_PLATFORM_CONFIG_FLAGS = 10;
    private static final long EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001L;
    private static final long EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003L;
    private static final long EV_EFI_ACTION = 0x80000007L;
    private static final long EV_EFI_PLATFORM_FIRMWARE_BLOB2 = 0x8000000AL;
    private static final long EV_EFI_HANDOFF_TABLES2 = 0x8000000BL;

    private final byte[] mrtd;
    private final List<EventLogEntry> events;

    private Measurement(byte[] mrtd, List<EventLogEntry> events) {
        this.mrtd = mrtd;
        this.events = events;
    }

    /** MRTD and the firmware, bootloader and kernel events of the image with this OS image hash. */
    public static Measurement boot(String osImageHash, String kernelCmdline) {
        List<EventLogEntry> events = new ArrayList<>();
        Derived d = new Derived(osImageHash);
        events.add(d.event(0, EV_EFI_HANDOFF_TABLES2, "TdxTable"));
        events.add(d.event(0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, "TDVF configuration firmware volume"));
        for (String variable : List.of("SecureBoot", "PK", "KEK", "db", "dbx")) {
            events.add(d.event(0, EV_EFI_VARIABLE_DRIVER_CONFIG, "EFI variable " + variable));
        }
        events.add(separator(0));
        for (String table : List.of("acpi-loader", "acpi-rsdp", "acpi-tables")) {
            events.add(new EventLogEntry(0, EV_PLATFORM_CONFIG_FLAGS, d.digest(table), "",
                    "ACPI DATA".getBytes(StandardCharsets.US_ASCII)));
        }
        events.add(d.event(1, EV_EFI_BOOT_SERVICES_APPLICATION, "dstack kernel EFI stub"));
        events.add(action(1, "Calling EFI Application from Boot Option"));
        events.add(separator(1));
        events.add(action(1, "Exit Boot Services Invocation"));
        events.add(action(1, "Exit Boot Services Returned with Success"));
        events.add(new EventLogEntry(2, EV_EVENT_TAG, Sha384.hash(kernelCmdline), "",
                kernelCmdline.getBytes(StandardCharsets.UTF_8)));
        events.add(d.event(2, EV_EVENT_TAG, "initrd"));
        return new Measurement(Sha384.hash("opencvm-sim/mrtd/" + osImageHash), events);
    }

    /** Extends RTMR3 with a dstack runtime event ({@code emit_runtime_event}, event log version 1). */
    public void runtimeEvent(String name, byte[] payload) {
        events.add(new EventLogEntry(3, RUNTIME_EVENT_TYPE, runtimeDigest(name, payload), name, payload.clone()));
    }

    /** dstack's version-1 digest: {@code sha384(event_type as u32 LE ‖ ":" ‖ name ‖ ":" ‖ payload)}. */
    public static byte[] runtimeDigest(String name, byte[] payload) {
        byte[] type = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) RUNTIME_EVENT_TYPE).array();
        return Sha384.hash(type, new byte[] {':'}, name.getBytes(StandardCharsets.UTF_8), new byte[] {':'}, payload);
    }

    public byte[] mrtd() {
        return mrtd.clone();
    }

    /** RTMR{@code index} as the replay of its events. */
    public byte[] rtmr(int index) {
        byte[] register = new byte[48];
        for (EventLogEntry event : events) {
            if (event.imr() == index) {
                register = Sha384.hash(register, event.digest());
            }
        }
        return register;
    }

    /** dstack's {@code mr_aggregated} with all-zero MRCONFIGID/MROWNER/MROWNERCONFIG: sha256(MRTD ‖ RTMR0..3). */
    public byte[] mrAggregated() {
        return Sha256.hash(mrtd, rtmr(0), rtmr(1), rtmr(2), rtmr(3));
    }

    public List<EventLogEntry> events() {
        return List.copyOf(events);
    }

    /** The event log as the guest serialises it (a JSON array of {@link EventLogEntry#toJson()}). */
    public List<Map<String, Object>> eventLogJson() {
        return events.stream().map(EventLogEntry::toJson).toList();
    }

    public Measurement copy() {
        return new Measurement(mrtd.clone(), new ArrayList<>(events));
    }

    private static EventLogEntry separator(int imr) {
        byte[] zero = new byte[4];
        return new EventLogEntry(imr, EV_SEPARATOR, Sha384.hash(zero), "", zero);
    }

    /** EFI actions measure their own ASCII text. */
    private static EventLogEntry action(int imr, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new EventLogEntry(imr, EV_EFI_ACTION, Sha384.hash(bytes), "", bytes);
    }

    /** Digests of measured blobs that the simulator does not have, derived from the OS image hash. */
    private record Derived(String osImageHash) {
        byte[] digest(String what) {
            return Sha384.hash("opencvm-sim/" + osImageHash + "/" + what);
        }

        EventLogEntry event(int imr, long type, String description) {
            return new EventLogEntry(imr, type, digest(description), "", description.getBytes(StandardCharsets.UTF_8));
        }
    }
}
