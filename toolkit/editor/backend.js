#!/usr/bin/env node
// decap-server's file backend (its own middlewares: node_modules/decap-server/dist/middlewares.js)
// on a socket only `toolkit edit` can reach. It listens on a Linux abstract Unix socket, not
// on a TCP port, so no web page can reach it, by DNS rebinding or otherwise; and it answers
// only requests that carry the Host and the token `toolkit edit` gave it at start.
// toolkit/editor/server.py starts it (with the environment below) and is the only client.
'use strict';

const path = require('path');

const modules = process.env.TOOLKIT_NODE_MODULES; // the node_modules folder make edit installed
const name = process.env.TOOLKIT_SOCKET; // a random name, of an abstract socket: no file anywhere
const token = process.env.TOOLKIT_TOKEN;
if (!modules || !name || !token || !process.env.GIT_REPO_DIRECTORY) {
  process.stderr.write('backend.js: start it through toolkit edit\n');
  process.exit(2);
}

const express = require(path.join(modules, 'express'));
const { registerLocalFs } = require(path.join(modules, 'decap-server', 'dist', 'middlewares'));

const app = express();
app.disable('x-powered-by');
app.use((request, response, next) => {
  if (request.headers.host !== 'decap-server' || request.headers['x-toolkit-edit'] !== token) {
    response.status(403).json({ error: 'Bare for toolkit edit.' });
    return;
  }
  next();
});

registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || 'warn' }).then(() => {
  const server = app.listen(`\0${name}`);
  server.on('error', (error) => {
    process.stderr.write(`backend.js: ${error.message}\n`);
    process.exit(1);
  });
});
