/**
 * A user's SSH public keys ({@code /user/ssh-keys}): added by hand or imported from a GitHub profile, checked and
 * fingerprinted as OpenSSH does, and handed to the CVMs the user creates afterwards.
 */
package io.opencvm.sshkey;
