package io.hutong.account;

import java.util.Optional;

/** What other features may ask about users. */
public interface Users {

    Optional<CurrentUser> findById(long id);

    Optional<CurrentUser> findByName(String name);
}
