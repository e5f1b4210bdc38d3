package io.opencvm.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller (or one handler) that manages the caller's workspace itself (its API keys, members,
 * webhooks): only the workspace's owners and admins may call it; a plain member gets 403 ERR-04-106. Decided
 * on the handler Spring matched, like {@link OperatorOnly}.
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WorkspaceAdminOnly {
}
