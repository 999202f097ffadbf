package io.hutong.console.internal;

import io.hutong.account.CurrentUser;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;

/**
 * The person a console request is for, with the CSRF token every state-changing request of their
 * session must carry (the {@code _csrf} form field, or the {@code X-CSRF-Token} header htmx sends).
 */
public record Viewer(CurrentUser user, String csrf) {

    public boolean admin() {
        return user.admin();
    }

    /** Refuses a page or action that is for admins only. */
    public void requireAdmin() {
        if (!admin()) {
            throw new ApiException(ErrorKind.FORBIDDEN, "this page is for the node's admins; " + user.name()
                    + " is a user");
        }
    }

    /** Whether this person may see and act on a job: an admin every job, a user the jobs they created here. */
    public boolean mayOpen(Long creatorUserId) {
        return admin() || (creatorUserId != null && creatorUserId == user.id());
    }
}
