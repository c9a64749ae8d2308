// Drives a DICOMweb service with the independent dicomweb-client library (the one OHIF is built on) and prints what it
// got back as one JSON object on stdout. The test that runs it (DicomWebClientConformanceTests) decides what to store and
// ask, in a plan file, and checks the answers against what it stored; this script only calls the library.
//
// usage: node conformance.mjs PLAN.json
// PLAN: { url, token, store: [{ files: [path...], studyInstanceUID? }], searches: [{ name, level, studyInstanceUID?,
//         seriesInstanceUID?, queryParams }], metadata: [{ name, studyInstanceUID, seriesInstanceUID?, sopInstanceUID? }],
//         instances: [{ studyInstanceUID, seriesInstanceUID, sopInstanceUID }], frames: [{ ..., frameNumbers: [n...] }],
//         bulkData: [{ studyInstanceUID, seriesInstanceUID, sopInstanceUID, tag }], studies: [{ studyInstanceUID }],
//         series: [{ studyInstanceUID, seriesInstanceUID }], wadoUriUrl, wadoUri: [{ ...instance UIDs }] }
// Bytes in the output are base64.
import { readFileSync } from 'node:fs';
import XMLHttpRequest from 'xhr2';
import dicomweb from 'dicomweb-client';

// The library is written for browsers; xhr2 gives Node the XMLHttpRequest it calls.
globalThis.XMLHttpRequest = XMLHttpRequest;

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const client = new dicomweb.api.DICOMwebClient({
  url: plan.url,
  headers: { Authorization: `Bearer ${plan.token}` },
  verbose: false,
});

const base64 = (buffer) => Buffer.from(buffer).toString('base64');
const instanceOptions = (p) => ({
  studyInstanceUID: p.studyInstanceUID,
  seriesInstanceUID: p.seriesInstanceUID,
  sopInstanceUID: p.sopInstanceUID,
});

async function step(name, action) {
  try {
    return await action();
  } catch (error) {
    // The library rejects with the XMLHttpRequest's status; the test prints this to say which call failed and why.
    const detail = error.status ? `HTTP ${error.status}: ${typeof error.response === 'string' ? error.response : JSON.stringify(error.response)}` : String(error.stack ?? error);
    throw new Error(`${name}: ${detail}`);
  }
}

const result = { stored: [], searches: {}, metadata: {}, instances: [], frames: [], bulkData: [], studies: [], series: [], wadoUri: [] };

for (const [i, batch] of plan.store.entries()) {
  const datasets = batch.files.map((file) => {
    const bytes = readFileSync(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });
  const options = { datasets };
  if (batch.studyInstanceUID) {
    options.studyInstanceUID = batch.studyInstanceUID;
  }

  const response = await step(`storeInstances ${i}`, () => client.storeInstances(options));
  result.stored.push(typeof response === 'string' ? JSON.parse(response) : response);
}

const searchers = {
  studies: (options) => client.searchForStudies(options),
  series: (options) => client.searchForSeries(options),
  instances: (options) => client.searchForInstances(options),
};
for (const search of plan.searches) {
  const options = { queryParams: search.queryParams ?? {} };
  if (search.studyInstanceUID) options.studyInstanceUID = search.studyInstanceUID;
  if (search.seriesInstanceUID) options.seriesInstanceUID = search.seriesInstanceUID;
  result.searches[search.name] = await step(`search ${search.name}`, () => searchers[search.level](options));
}

for (const m of plan.metadata) {
  let call;
  if (m.sopInstanceUID) call = () => client.retrieveInstanceMetadata(instanceOptions(m));
  else if (m.seriesInstanceUID) call = () => client.retrieveSeriesMetadata({ studyInstanceUID: m.studyInstanceUID, seriesInstanceUID: m.seriesInstanceUID });
  else call = () => client.retrieveStudyMetadata({ studyInstanceUID: m.studyInstanceUID });
  result.metadata[m.name] = await step(`metadata ${m.name}`, call);
}

for (const p of plan.instances) {
  const instance = await step(`retrieveInstance ${p.sopInstanceUID}`, () => client.retrieveInstance(instanceOptions(p)));
  result.instances.push({ sopInstanceUID: p.sopInstanceUID, bytes: base64(instance) });
}

for (const p of plan.frames) {
  const frames = await step(`retrieveInstanceFrames ${p.sopInstanceUID}`,
    () => client.retrieveInstanceFrames({ ...instanceOptions(p), frameNumbers: p.frameNumbers }));
  result.frames.push({ sopInstanceUID: p.sopInstanceUID, frameNumbers: p.frameNumbers, frames: frames.map(base64) });
}

for (const p of plan.bulkData) {
  // The BulkDataURI comes from the instance's metadata, as a viewer finds it. A relative reference (RFC 3986) is resolved
  // against the service URL, as browsers and OHIF do.
  const [metadata] = await step(`metadata for bulk data ${p.sopInstanceUID}`, () => client.retrieveInstanceMetadata(instanceOptions(p)));
  const uri = metadata[p.tag]?.BulkDataURI;
  if (!uri) {
    throw new Error(`metadata of ${p.sopInstanceUID} has no BulkDataURI for ${p.tag}: ${JSON.stringify(metadata[p.tag])}`);
  }

  const absolute = new URL(uri, plan.url).toString();
  const parts = await step(`retrieveBulkData ${uri}`, () => client.retrieveBulkData({ BulkDataURI: absolute }));
  result.bulkData.push({ sopInstanceUID: p.sopInstanceUID, tag: p.tag, uri, parts: parts.map(base64) });
}

for (const p of plan.studies) {
  const instances = await step(`retrieveStudy ${p.studyInstanceUID}`, () => client.retrieveStudy({ studyInstanceUID: p.studyInstanceUID }));
  result.studies.push({ studyInstanceUID: p.studyInstanceUID, instances: instances.map(base64) });
}

for (const p of plan.series) {
  const instances = await step(`retrieveSeries ${p.seriesInstanceUID}`,
    () => client.retrieveSeries({ studyInstanceUID: p.studyInstanceUID, seriesInstanceUID: p.seriesInstanceUID }));
  result.series.push({ seriesInstanceUID: p.seriesInstanceUID, instances: instances.map(base64) });
}

// WADO-URI: the library only builds the URL (with its defaults, contentType=application/dicom and transferSyntax=*);
// viewers fetch it themselves, as this does.
const wado = new dicomweb.api.DICOMwebClient({ url: plan.wadoUriUrl, verbose: false });
for (const p of plan.wadoUri) {
  const url = wado.buildInstanceWadoURIUrl(instanceOptions(p));
  const response = await fetch(url, { headers: { Authorization: `Bearer ${plan.token}` } });
  if (!response.ok) {
    throw new Error(`WADO-URI ${url}: HTTP ${response.status}: ${await response.text()}`);
  }

  result.wadoUri.push({ sopInstanceUID: p.sopInstanceUID, url, contentType: response.headers.get('content-type'), bytes: base64(await response.arrayBuffer()) });
}

process.stdout.write(JSON.stringify(result));
