package io.opencvm.app;

/** The fields of an app about to be created; the store adds the primary key, public id and time. */
public record NewApp(String appId, long workspaceId, long creatorUserId, String name, Long kmsPk, String kmsType,
                     String envPubkey) {
}
