package io.opencvm.cvm;

/** Where a CVM comes from: the app it runs ({@code appPk}, {@code appId}), who created it, and, for a replica, its source. */
public record CvmOrigin(long appPk, String appId, long creatorUserId, Long sourceCvmId) {
}
