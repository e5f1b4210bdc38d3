package io.opencvm.cvm;

/**
 * The URL a client reads a CVM's console from ({@code syslog_endpoint}, fetched without an API key, so it carries
 * its own authorisation). The guest feature makes them; the CVM's JSON only shows them.
 */
public interface ConsoleLinks {

    /** An absolute URL with a query string, to which clients append {@code &ch=serial|stdout|stderr}. */
    String syslogEndpoint(Cvm cvm);
}
