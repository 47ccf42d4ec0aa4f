/*
 * metadata.c - the <parameters> XML built from the parameter table.
 */
#include "config.h"

#include <glib.h>

#include "engine/metadata.h"
#include "engine/params.h"

/* s with & < > " ' escaped. */
static void
add_escaped(GString *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':  g_string_append(b, "&amp;");  break;
		case '<':  g_string_append(b, "&lt;");   break;
		case '>':  g_string_append(b, "&gt;");   break;
		case '"':  g_string_append(b, "&quot;"); break;
		case '\'': g_string_append(b, "&apos;"); break;
		default:   g_string_append_c(b, *s);     break;
		}
	}
}

/* One <parameter> element. */
static void
add_parameter(GString *b, const struct ipl_param_info *p)
{
	g_string_append(b, "<parameter name=\"");
	add_escaped(b, p->name);
	g_string_append(b, p->unique ? "\" unique=\"1\"" : "\" unique=\"0\"");
	g_string_append(b, p->required ? " required=\"1\">\n"
				       : " required=\"0\">\n");
	g_string_append(b, "<content type=\"");
	g_string_append(b, ipl_param_type_name(p->type));
	if (p->default_value != NULL) {
		g_string_append(b, "\" default=\"");
		add_escaped(b, p->default_value);
	}
	g_string_append(b, "\"/>\n<shortdesc lang=\"en\">");
	add_escaped(b, p->shortdesc);
	g_string_append(b, "</shortdesc>\n<longdesc lang=\"en\">");
	add_escaped(b, p->longdesc);
	if (p->alias != NULL) {
		g_string_append(b, " Also accepted as ");
		add_escaped(b, p->alias);
		g_string_append(b, ".");
	}
	if (p->default_value != NULL) {
		g_string_append(b, " Default: ");
		add_escaped(b, p->default_value);
		g_string_append(b, ".");
	}
	g_string_append(b, "</longdesc>\n</parameter>\n");
}

char *
ipl_metadata_parameters(void)
{
	GString *b = g_string_new("<parameters>\n");
	size_t i;

	for (i = 0; i < ipl_param_count(); i++) {
		add_parameter(b, ipl_param_at(i));
	}
	g_string_append(b, "</parameters>\n");
	return g_string_free(b, FALSE);
}
