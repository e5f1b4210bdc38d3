package io.opencvm.guest;

import io.opencvm.account.Caller;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmStatus;
import io.opencvm.cvm.CvmView;
import io.opencvm.vmm.VmInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * {@code PATCH /cvms/{id}/instance-id} and {@code PATCH /cvms/instance-ids}, read-only: each CVM's recorded instance id
 * against its node's {@code GetInfo}. A node that does not answer is asked once per request; its other CVMs get the
 * same error without waiting again.
 */
@Service
class InstanceIdChecks {

    /** What {@code PATCH /cvms/instance-ids} selects: named CVMs (else the workspace's), filters and a limit. */
    record Selection(List<String> cvmIds, boolean runningOnly, boolean missingOnly, int limit) {
    }

    record Summary(int total, int scanned, int updated, int unchanged, int skipped, int conflicts, int errors,
                   List<InstanceIdCheck> items) {
    }

    private final CvmService cvms;
    private final GuestService guests;

    InstanceIdChecks(CvmService cvms, GuestService guests) {
        this.cvms = cvms;
        this.guests = guests;
    }

    InstanceIdCheck one(Caller caller, String cvmId) {
        return check(cvms.view(caller, cvmId), cvmId, new HashMap<>());
    }

    Summary many(Caller caller, Selection selection) {
        List<CvmView> candidates = selection.cvmIds() == null
                ? workspaceCvms(caller, selection.limit())
                : selection.cvmIds().stream().map(id -> cvms.view(caller, id)).toList();
        List<CvmView> chosen = candidates.stream()
                .filter(v -> !selection.runningOnly() || v.cvm().status() == CvmStatus.RUNNING)
                .filter(v -> !selection.missingOnly() || v.cvm().instanceId() == null)
                .limit(selection.limit()).toList();
        Map<Long, String> silentNodes = new HashMap<>();
        List<InstanceIdCheck> items = new ArrayList<>();
        chosen.forEach(v -> items.add(check(v, v.cvm().vmUuid(), silentNodes)));
        return new Summary(candidates.size(), items.size(), 0, count(items, InstanceIdCheck.UNCHANGED),
                count(items, InstanceIdCheck.SKIPPED), count(items, InstanceIdCheck.CONFLICT),
                count(items, InstanceIdCheck.ERROR), items);
    }

    private List<CvmView> workspaceCvms(Caller caller, int limit) {
        List<CvmView> all = new ArrayList<>();
        for (int page = 1; all.size() < limit; page++) {
            Page<CvmView> p = cvms.page(caller, null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            all.addAll(p.items());
            if (p.items().size() < PageRequest.MAX_PAGE_SIZE) {
                break;
            }
        }
        return all;
    }

    private InstanceIdCheck check(CvmView view, String identifier, Map<Long, String> silentNodes) {
        String recorded = view.cvm().instanceId();
        String silent = view.node() == null ? null : silentNodes.get(view.node().id());
        if (silent != null) {
            return InstanceIdCheck.of(view.cvm().id(), identifier, recorded, GuestReading.failed(silent));
        }
        GuestReading<VmInfo> info = guests.vmInfo(view);
        if (!info.online() && view.node() != null && view.cvm().placement().nodeVmId() != null) {
            silentNodes.put(view.node().id(), info.error());
        }
        GuestReading<String> reported = info.online()
                ? GuestReading.of(info.value() == null || blank(info.value().instanceId()) ? null : info.value().instanceId())
                : GuestReading.failed(info.error());
        return InstanceIdCheck.of(view.cvm().id(), identifier, recorded, reported);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int count(List<InstanceIdCheck> items, String status) {
        return (int) items.stream().filter(i -> i.status().equals(status)).count();
    }
}
