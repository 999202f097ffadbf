package io.hutong.web;

/**
 * Recognises a failure raised below the controllers that is the caller's doing (a value the
 * database cannot store, say) so that it is reported as such instead of as an internal error. A
 * shared layer provides one as a bean.
 */
public interface FailureTranslator {

    /** The failure as the caller should see it, or null when this translator does not know it. */
    ApiException translate(Throwable failure);
}
