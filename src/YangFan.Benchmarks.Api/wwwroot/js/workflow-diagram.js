// Draws each <pre data-mermaid> (a workflow's Mermaid text) as an SVG diagram beside it, with the vendored Mermaid
// ES module build, which loads only the chunks a state diagram needs. The module's address comes from the page,
// with its version, so no import map is needed. Without JavaScript, or if drawing fails, the text stays readable.
const sources = document.querySelectorAll('pre[data-mermaid]');
if (sources.length > 0) {
  const { default: mermaid } = await import(sources[0].dataset.mermaid);
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  let n = 0;
  for (const source of sources) {
    try {
      const { svg } = await mermaid.render('workflow-diagram-' + n++, source.textContent);
      const drawing = document.createElement('div');
      drawing.className = 'diagram';
      drawing.innerHTML = svg;
      source.after(drawing);
      source.hidden = true;
    } catch (error) {
      console.error('The workflow diagram could not be drawn', error);
    }
  }
}
