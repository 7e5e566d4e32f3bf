// Stands in for libgupnp-igd-1.0.so.4 inside one test process only (a WHIP client),
// found first through LD_LIBRARY_PATH. libnice links the real library for optional
// UPnP port mapping; the real one pulls libsoup 3 in (through gupnp), which aborts a
// process that already has libsoup 2, as Debian 12's simple-whip-client has.
//
// Contract, from libnice's own use of these four symbols: a NULL from
// gupnp_simple_igd_thread_new means "no UPnP agent" and libnice then gathers its
// candidates without port mapping, never calling the other three. They exist so that
// every symbol libnice imports resolves; they do nothing.
#include <glib-object.h>

extern "C" {

GType gupnp_simple_igd_get_type() { return g_object_get_type(); }

gpointer gupnp_simple_igd_thread_new() { return nullptr; }

void gupnp_simple_igd_add_port(gpointer, const gchar*, guint16, const gchar*, guint16,
                               guint32, const gchar*) {}

void gupnp_simple_igd_remove_port_local(gpointer, const gchar*, const gchar*, guint16) {}

}  // extern "C"
