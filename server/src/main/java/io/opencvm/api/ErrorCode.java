package io.opencvm.api;

import org.springframework.http.HttpStatusCode;

/**
 * The one table that maps every domain error to its HTTP status and {@code ERR-xx-yyy} code.
 * Codes of the Phala Cloud catalogue keep their numbers; {@code ERR-00-*} and the idempotency
 * codes are opencvm's own.
 */
public enum ErrorCode {
    NOT_AUTHENTICATED(401, "ERR-00-001"),
    ADMIN_REQUIRED(403, "ERR-00-002"),
    ROUTE_NOT_FOUND(404, "ERR-00-003"),
    METHOD_NOT_ALLOWED(405, "ERR-00-004"),
    UNSUPPORTED_MEDIA_TYPE(415, "ERR-00-005"),
    INVALID_PATH(400, "ERR-00-006"),
    PAYLOAD_TOO_LARGE(413, "ERR-00-007"),
    CSRF_TOKEN_INVALID(403, "ERR-00-008"),
    INTERNAL_ERROR(500, "ERR-00-500"),

    NODE_NOT_FOUND(404, "ERR-01-001"),
    COMPOSE_FILE_REQUIRED(400, "ERR-01-002"),
    INVALID_COMPOSE_FILE(400, "ERR-01-003"),
    DUPLICATE_CVM_NAME(409, "ERR-01-004"),
    HASH_REGISTRATION_REQUIRED(465, "ERR-01-005"),
    HASH_INVALID_OR_EXPIRED(466, "ERR-01-006"),
    TX_VERIFICATION_FAILED(467, "ERR-01-007"),
    HASH_NOT_ALLOWED(468, "ERR-01-008"),
    CHAIN_UNAVAILABLE(502, "ERR-01-103"),
    NODE_IN_USE(409, "ERR-01-101"),
    NODE_CAPACITY_BELOW_RESERVED(409, "ERR-01-102"),

    INSTANCE_TYPE_NOT_FOUND(404, "ERR-02-001"),
    RESOURCE_NOT_AVAILABLE(400, "ERR-02-002"),
    INSUFFICIENT_VCPU(400, "ERR-02-003"),
    INSUFFICIENT_MEMORY(400, "ERR-02-004"),
    INSUFFICIENT_SLOTS(400, "ERR-02-005"),
    INVALID_REQUEST(400, "ERR-02-008"),
    IMAGE_NOT_FOUND(400, "ERR-02-010"),
    KMS_NOT_FOUND(404, "ERR-02-011"),
    TEEPOD_NOT_ACCESSIBLE(400, "ERR-02-012"),
    IDEMPOTENCY_KEY_MISMATCH(422, "ERR-02-101"),
    IDEMPOTENCY_KEY_IN_PROGRESS(409, "ERR-02-102"),
    KMS_UNAVAILABLE(502, "ERR-02-103"),

    CVM_NOT_FOUND(404, "ERR-03-001"),
    REPLICA_IMAGE_NOT_AVAILABLE(400, "ERR-03-006"),
    CVM_APP_ID_CONFLICT(409, "ERR-03-007"),
    CVM_INVALID_STATE(409, "ERR-03-008"),
    MULTIPLE_COMPOSE_HASHES(400, "ERR-03-009"),
    AMBIGUOUS_CVM_ID(400, "ERR-03-010"),
    PROVISION_NOT_FOUND(404, "ERR-03-011"),
    APP_NOT_FOUND(404, "ERR-03-012"),

    WORKSPACE_NOT_FOUND(404, "ERR-04-101"),
    USER_NOT_FOUND(404, "ERR-04-102"),
    ALREADY_EXISTS(409, "ERR-04-103"),
    API_KEY_NOT_FOUND(404, "ERR-04-104"),
    NOT_A_MEMBER(400, "ERR-04-105"),
    WORKSPACE_ADMIN_REQUIRED(403, "ERR-04-106"),

    WEBHOOK_NOT_FOUND(404, "ERR-06-001"),
    WEBHOOK_DELIVERY_NOT_FOUND(404, "ERR-06-002"),
    WEBHOOK_CONFIRMATION_REQUIRED(403, "ERR-06-004");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public HttpStatusCode status() {
        return HttpStatusCode.valueOf(status);
    }

    public String code() {
        return code;
    }
}
