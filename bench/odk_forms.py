"""What the peer is sent: an XForm of the bench's ten-item checklist, and one
completed inspection of it as an OpenRosa multipart submission."""

from uuid import UUID
from xml.sax.saxutils import escape

from bench.workload import ITEMS

FORM_ID = "site_inspection"
VERSION = "1"
FIELDS = tuple(item.item_id.replace("-", "_") for item in ITEMS)  # item_00 … item_09
FAILED = FIELDS[3]  # as in the bench's inspection: the fourth item fails
BOUNDARY = "siteledger-bench-boundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"

XFORM = """<?xml version="1.0" encoding="UTF-8"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" \
xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">
  <h:head>
    <h:title>重点项目现场检查</h:title>
    <model>
      <instance>
        <data id="{form_id}" version="{version}">
          {nodes}
          <meta><instanceID/></meta>
        </data>
      </instance>
      {binds}
      <bind nodeset="/data/meta/instanceID" type="string" readonly="true()" \
jr:preload="uid"/>
    </model>
  </h:head>
  <h:body>
    {controls}
  </h:body>
</h:html>
"""

CONTROL = """<select1 ref="/data/{field}">
      <label>{label}</label>
      <item><label>合格</label><value>pass</value></item>
      <item><label>不合格</label><value>fail</value></item>
    </select1>"""


def xform() -> bytes:
    """The form: one required pass/fail question per checklist item."""
    return XFORM.format(
        form_id=FORM_ID,
        version=VERSION,
        nodes="".join(f"<{field}/>" for field in FIELDS),
        binds="\n      ".join(
            f'<bind nodeset="/data/{field}" type="string" required="true()"/>'
            for field in FIELDS
        ),
        controls="\n    ".join(
            CONTROL.format(field=field, label=escape(item.text))
            for field, item in zip(FIELDS, ITEMS, strict=True)
        ),
    ).encode()


def submission(instance_id: UUID) -> bytes:
    """A completed inspection: every item answered, the fourth one failed."""
    answers = "".join(
        f"<{field}>{'fail' if field == FAILED else 'pass'}</{field}>"
        for field in FIELDS
    )
    return (
        f'<data id="{FORM_ID}" version="{VERSION}" '
        'xmlns:orx="http://openrosa.org/xforms">'
        f"{answers}<meta><instanceID>uuid:{instance_id}</instanceID></meta></data>"
    ).encode()


def multipart(xml: bytes) -> bytes:
    """The body a phone posts: the instance as the `xml_submission_file` part."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="xml_submission_file"; '
        'filename="submission.xml"\r\n'
        "Content-Type: text/xml\r\n\r\n"
    )
    return head.encode() + xml + f"\r\n--{BOUNDARY}--\r\n".encode()
