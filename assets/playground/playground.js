// Starts GraphiQL against this server's /graphql, opening one tab per
// example operation from /examples.json (built from schema/examples/).
// Queries and mutations go over HTTP; subscriptions over a WebSocket on
// the same /graphql URL (graphql-transport-ws), with the graphql-ws client
// GraphiQL's bundle carries. Everything it loads is served by this server:
// no CDN, no inline script, so the page works offline and under
// `script-src 'self'`.
(function () {
  'use strict';

  // Used when /examples.json cannot be had or holds no example.
  var fallback = [{ query: '# Welcome to innograph. Press the run button (or Ctrl-Enter).\n{ stats { entities } }\n' }];

  function tabsFrom(examples) {
    if (!Array.isArray(examples)) return fallback;
    var tabs = [];
    examples.forEach(function (ex) {
      if (!ex || typeof ex.query !== 'string' || ex.query.trim() === '') return;
      var tab = { query: ex.query };
      if (ex.variables != null) tab.variables = JSON.stringify(ex.variables, null, 2);
      // A mutation tab opens with the Authorization header to fill in.
      if (ex.headers != null) tab.headers = JSON.stringify(ex.headers, null, 2);
      tabs.push(tab);
    });
    return tabs.length ? tabs : fallback;
  }

  // ws://host/graphql from http://host/, wss:// from https://.
  function subscriptionUrl() {
    var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    return scheme + window.location.host + '/graphql';
  }

  function start(tabs) {
    var plugins = [];
    if (window.GraphiQLPluginExplorer && typeof GraphiQLPluginExplorer.explorerPlugin === 'function') {
      plugins.push(GraphiQLPluginExplorer.explorerPlugin());
    }
    var root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(
      React.createElement(GraphiQL, {
        // For a subscription GraphiQL opens a WebSocket to subscriptionUrl
        // and sends the tab's Headers as the connection_init payload, so an
        // Authorization header there reaches a --private server too.
        fetcher: GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: subscriptionUrl() }),
        plugins: plugins,
        defaultTabs: tabs,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false
      })
    );
  }

  fetch('/examples.json', { headers: { Accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('/examples.json: HTTP ' + res.status);
      return res.json();
    })
    .then(function (examples) { start(tabsFrom(examples)); })
    .catch(function () { start(fallback); });
})();
