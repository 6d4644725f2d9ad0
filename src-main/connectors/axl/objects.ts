// returnedTags per AXL object type, in the order Cisco's AXL 15.0 schema (AXLSoap.xsd, L<Type>) requires.
// Element names, their order and which of them refuse an empty value are facts of the schema; the
// user-sync types list only what sync needs.

export interface AxlObjectSpec {
  /** AXL object name: list<type>, get<type>, <type> elements. */
  type: string
  /** The search criterion that names every object with `%`. */
  searchField: string
  returnedTags: readonly string[]
  /**
   * Values to send in returnedTags where the schema refuses an empty element (its booleans and
   * xsd:Name types): AXL reads any valid value as "return this field".
   */
  markers: Readonly<Record<string, string>>
}

function spec(
  type: string,
  searchField: string,
  returnedTags: string[],
  markers: Record<string, string> = {}
): AxlObjectSpec {
  return { type, searchField, returnedTags, markers }
}

/** Markers for boolean elements: AXL reads `true` as "return this field". */
function booleans(...tags: string[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag, 'true']))
}

/** Settings the schema repeats for each number type: callingPartyNationalPrefix … callingPartySubscriberPrefix. */
function perNumberType(prefix: string, suffix = ''): string[] {
  return ['National', 'International', 'Unknown', 'Subscriber'].map((type) => `${prefix}${type}${suffix}`)
}

/** The same under the schema's short names: useDevicePoolCalledCssNatl … useDevicePoolCalledCssSubs. */
function perShortNumberType(prefix: string): string[] {
  return ['Natl', 'Intl', 'Unkn', 'Subs'].map((type) => prefix + type)
}

// Runs of elements that several object types share, in the schema's order.

/** How every device type begins. */
const DEVICE_IDENTITY = ['name', 'description', 'product', 'model', 'class', 'protocol', 'protocolSide']

/** Where gateways and trunks sit and what they call. */
const TRUNK_PLACEMENT = [
  'callingSearchSpaceName',
  'devicePoolName',
  'commonDeviceConfigName',
  'networkLocation',
  'locationName',
  'mediaResourceListName'
]

/** How every pattern (route, hunt, translation, park, pickup, line) begins. */
const PATTERN_IDENTITY = ['pattern', 'description', 'usage', 'routePartitionName']

/** The digit transformations of the patterns that route calls. */
const PATTERN_TRANSFORMS = [
  'blockEnable',
  'calledPartyTransformationMask',
  'callingPartyTransformationMask',
  'useCallingPartyPhoneMask',
  'callingPartyPrefixDigits',
  'dialPlanName'
]

/** What a routing pattern sends on: urgency, prefix, filter and presentation. */
const PATTERN_OUTPUT = [
  'patternUrgency',
  'prefixDigitsOut',
  'routeFilterName',
  'callingLinePresentationBit',
  'callingNamePresentationBit',
  'connectedLinePresentationBit',
  'connectedNamePresentationBit'
]

/** The numbering plans and types a routing pattern applies, after its outside dial tone. */
const PATTERN_NUMBERING = [
  'provideOutsideDialtone',
  'callingPartyNumberingPlan',
  'callingPartyNumberType',
  'calledPartyNumberingPlan',
  'calledPartyNumberType'
]

/** A trunk's calling and called party transformations and the geolocation it sends. */
const TRUNK_TRANSFORMS = [
  'cgpnTransformationCssName',
  'useDevicePoolCgpnTransformCss',
  'geoLocationName',
  'geoLocationFilterName',
  'sendGeoLocation',
  'cdpnTransformationCssName',
  'useDevicePoolCdpnTransformCss'
]

/** The booleans among the elements H.323 and SIP trunks share. */
const TRUNK_BOOLEANS = [
  'traceFlag',
  'retryVideoCallAsAudio',
  'useDevicePoolCgpnTransformCss',
  'sendGeoLocation',
  'useDevicePoolCdpnTransformCss'
]

/** How hunt pilots and translation patterns begin. */
const HUNT_OR_TRANSLATION = [
  ...PATTERN_IDENTITY,
  ...PATTERN_TRANSFORMS,
  'digitDiscardInstructionName',
  ...PATTERN_OUTPUT,
  'patternPrecedence',
  ...PATTERN_NUMBERING
]

/** Device pools, H.323 gateways and trunks: the calling party's digit handling per number type. */
const CALLING_PARTY_DIGITS = [
  ...perNumberType('callingParty', 'StripDigits'),
  ...perNumberType('callingParty', 'TransformationCssName')
]

/** The same for the called party. */
const CALLED_PARTY_DIGITS = [
  ...perNumberType('calledParty', 'StripDigits'),
  ...perNumberType('calledParty', 'TransformationCssName')
]

/** H.323 gateways and trunks: whether each per-type calling and called CSS comes from the device pool. */
const DEVICE_POOL_CSS_PER_TYPE = [
  ...perShortNumberType('useDevicePoolCgpnTransformCss'),
  ...perShortNumberType('useDevicePoolCalledCss')
]

/** Which parts of a location a geolocation filter compares: each is a boolean. */
const GEO_LOCATION_FILTER_FIELDS = [
  'useCountry',
  'useNationalSubDivision',
  'useDistrict',
  'useCommunityName',
  'useCityDivision',
  'useNeighbourhood',
  'useStreet',
  'useLeadingStreetDirection',
  'useTrailingStreetSuffix',
  'useStreetSuffix',
  'useHouseNumber',
  'useHouseNumberSuffix',
  'useLandmark',
  'useLocation',
  'useFloor',
  'useOccupantName',
  'usePostalCode'
]

/** A run of SIP profile switches, all booleans. */
const SIP_PROFILE_SWITCHES = [
  'confJointEnable',
  'rfc2543Hold',
  'semiAttendedTransfer',
  'enableVad',
  'stutterMsgWaiting',
  'callStats',
  't38Invite',
  'faxInvite'
]

// Types that CUCM and IM and Presence both hold.
const PRESENCE_GROUP = spec('PresenceGroup', 'name', ['name', 'description'])
const SERVICE_PROFILE = spec(
  'ServiceProfile',
  'name',
  ['name', 'description', 'isDefault'],
  booleans('isDefault')
)
const UC_SERVICE = spec('UcService', 'name', [
  'serviceType',
  'productType',
  'name',
  'description',
  'hostnameorip',
  'port',
  'protocol'
])

/** Seed 000 table 1: objects of an infrastructure synchronization. */
export const CUCM_INFRASTRUCTURE: readonly AxlObjectSpec[] = [
  spec('AarGroup', 'name', ['name']),
  spec('CallPark', 'pattern', [...PATTERN_IDENTITY, 'callManagerName']),
  spec('Css', 'name', ['description', 'clause', 'dialPlanWizardGenId', 'partitionUsage', 'name']),
  spec('CmcInfo', 'code', ['code', 'description']),
  spec('CallManagerGroup', 'name', ['name', 'tftpDefault'], booleans('tftpDefault')),
  spec('CallPickupGroup', 'pattern', [
    ...PATTERN_IDENTITY,
    'pickupNotification',
    'pickupNotificationTimer',
    'name'
  ]),
  spec(
    'CommonDeviceConfig',
    'name',
    [
      'name',
      'softkeyTemplateName',
      'userLocale',
      'networkHoldMohAudioSourceId',
      'userHoldMohAudioSourceId',
      'mlppIndicationStatus',
      'useTrustedRelayPoint',
      'preemption',
      'ipAddressingMode',
      'ipAddressingModePreferenceControl',
      'allowAutoConfigurationForPhones',
      'useImeForOutboundCalls',
      'allowDuplicateAddressDetection',
      'acceptRedirectMessages',
      'replyMulticastEchoRequest'
    ],
    booleans('useTrustedRelayPoint')
  ),
  spec(
    'ConferenceBridge',
    'name',
    [
      'name',
      'description',
      'product',
      'devicePoolName',
      'commonDeviceConfigName',
      'locationName',
      'subUnit',
      'maximumCapacity',
      'useTrustedRelayPoint',
      'securityProfileName',
      'destinationAddress',
      'mcuConferenceBridgeSipPort',
      'sipProfile',
      'srtpAllowed',
      'normalizationScript',
      'enableTrace',
      'userName',
      'password',
      'httpPort',
      'useHttps',
      'conferenceBridgePrefix',
      'allowCFBControlOfCallSecurityIcon',
      'overrideSIPTrunkAddress',
      'sipTrunkName'
    ],
    {
      name: 'x',
      ...booleans(
        'srtpAllowed',
        'enableTrace',
        'useHttps',
        'allowCFBControlOfCallSecurityIcon',
        'overrideSIPTrunkAddress'
      )
    }
  ),
  spec('ConferenceNow', 'conferenceNowNumber', [
    'conferenceNowNumber',
    'routePartitionName',
    'description',
    'maxWaitTimeForHost',
    'MohAudioSourceId'
  ]),
  spec('DateTimeGroup', 'name', ['name', 'timeZone', 'dateformat']),
  spec('DeviceMobility', 'name', ['name']),
  spec('DeviceMobilityGroup', 'name', ['name', 'description']),
  spec('DevicePool', 'name', [
    'name',
    'autoSearchSpaceName',
    'dateTimeSettingName',
    'callManagerGroupName',
    'mediaResourceListName',
    'regionName',
    'networkLocale',
    'srstName',
    'connectionMonitorDuration',
    'automatedAlternateRoutingCssName',
    'aarNeighborhoodName',
    'locationName',
    'mobilityCssName',
    'physicalLocationName',
    'deviceMobilityGroupName',
    'revertPriority',
    'singleButtonBarge',
    'joinAcrossLines',
    'cgpnTransformationCssName',
    'cdpnTransformationCssName',
    'localRouteGroupName',
    'geoLocationName',
    'geoLocationFilterName',
    ...perNumberType('callingParty', 'Prefix'),
    'adjunctCallingSearchSpace',
    ...CALLING_PARTY_DIGITS,
    ...perNumberType('calledParty', 'Prefix'),
    ...CALLED_PARTY_DIGITS,
    'imeEnrolledPatternGroupName',
    'mraServiceDomain'
  ]),
  spec('DialPlan', 'name', ['name', 'description']),
  spec(
    'DialPlanTag',
    'name',
    ['name', 'dialPlanName', 'operator', 'suppressFromRouteFilter'],
    booleans('suppressFromRouteFilter')
  ),
  spec('ElinGroup', 'name', ['name']),
  spec('FacInfo', 'name', ['name', 'code', 'authorizationLevel']),
  spec(
    'Gatekeeper',
    'name',
    ['name', 'description', 'rrqTimeToLive', 'retryTimeout', 'enableDevice'],
    booleans('enableDevice')
  ),
  spec('GeoLocation', 'name', [
    'name',
    'country',
    'description',
    'nationalSubDivision',
    'district',
    'communityName',
    'cityDivision',
    'neighbourhood',
    'street',
    'leadingStreetDirection',
    'trailingStreetSuffix',
    'streetSuffix',
    'houseNumber',
    'houseNumberSuffix',
    'landmark',
    'location',
    'floor',
    'occupantName',
    'postalCode'
  ]),
  spec(
    'GeoLocationFilter',
    'name',
    ['name', 'description', ...GEO_LOCATION_FILTER_FIELDS],
    booleans(...GEO_LOCATION_FILTER_FIELDS)
  ),
  spec(
    'HuntList',
    'name',
    ['description', 'callManagerGroupName', 'routeListEnabled', 'voiceMailUsage', 'name'],
    booleans('routeListEnabled', 'voiceMailUsage')
  ),
  spec(
    'HuntPilot',
    'pattern',
    [
      ...HUNT_OR_TRANSLATION,
      'huntListName',
      'alertingName',
      'asciiAlertingName',
      'aarNeighborhoodName',
      'callPickupGroupName',
      'maxHuntduration',
      'releaseClause',
      'displayConnectedNumber'
    ],
    booleans('blockEnable', 'patternUrgency', 'provideOutsideDialtone', 'displayConnectedNumber')
  ),
  spec('Gateway', 'domainName', [
    'domainName',
    'description',
    'product',
    'protocol',
    'callManagerGroupName',
    'scratch',
    'loadInformation'
  ]),
  spec(
    'H323Gateway',
    'name',
    [
      ...DEVICE_IDENTITY,
      ...TRUNK_PLACEMENT,
      'automatedAlternateRoutingCssName',
      'aarNeighborhoodName',
      'tunneledProtocol',
      'asn1RoseOidEncoding',
      'qsigVariant',
      'pathReplacementSupport',
      'traceFlag',
      'useTrustedRelayPoint',
      'retryVideoCallAsAudio',
      'cgpnTransformationCssName',
      'useDevicePoolCgpnTransformCss',
      'geoLocationName',
      'geoLocationFilterName',
      'cdpnTransformationCssName',
      'useDevicePoolCdpnTransformCss',
      'packetCaptureMode',
      'packetCaptureDuration',
      'srtpAllowed',
      'mtpRequired',
      'callerIdDn',
      'callingPartySelection',
      'callingLineIdPresentation',
      'enableInboundFaststart',
      'enableOutboundFaststart',
      'codecForOutboundFaststart',
      'transmitUtf8',
      'signalingPort',
      'allowH235PassThrough',
      'prefixDn',
      'calledPartyIeNumberType',
      'callingPartyIeNumberType',
      'calledNumberingPlan',
      'callingNumberingPlan',
      ...perNumberType('callingParty', 'Prefix'),
      ...CALLING_PARTY_DIGITS,
      ...perNumberType('calledParty', 'Prefix'),
      ...CALLED_PARTY_DIGITS,
      'pstnAccess',
      'imeE164TransformationName',
      'displayIeDelivery',
      'redirectOutboundNumberIe',
      'redirectInboundNumberIe',
      ...DEVICE_POOL_CSS_PER_TYPE,
      'useDevicePoolCntdPnTransformationCss'
    ],
    booleans(
      'pathReplacementSupport',
      'traceFlag',
      'retryVideoCallAsAudio',
      'useDevicePoolCgpnTransformCss',
      'useDevicePoolCdpnTransformCss',
      'srtpAllowed',
      'mtpRequired',
      'enableInboundFaststart',
      'enableOutboundFaststart',
      'transmitUtf8',
      'allowH235PassThrough',
      'pstnAccess',
      'displayIeDelivery',
      'redirectOutboundNumberIe',
      'redirectInboundNumberIe',
      ...DEVICE_POOL_CSS_PER_TYPE,
      'useDevicePoolCntdPnTransformationCss'
    )
  ),
  spec(
    'H323Trunk',
    'name',
    [
      ...DEVICE_IDENTITY,
      ...TRUNK_PLACEMENT,
      'aarNeighborhoodName',
      'traceFlag',
      'mlppIndicationStatus',
      'preemption',
      'useTrustedRelayPoint',
      'retryVideoCallAsAudio',
      ...TRUNK_TRANSFORMS,
      'packetCaptureMode',
      'packetCaptureDuration',
      'srtpAllowed',
      'unattendedPort',
      'mtpRequired',
      'callerIdDn',
      'callingPartySelection',
      'callingLineIdPresentation',
      'displayIEDelivery',
      'redirectOutboundNumberIe',
      'redirectInboundNumberIe',
      'enableInboundFaststart',
      'enableOutboundFaststart',
      'codecForOutboundFaststart',
      'allowH235PassThrough',
      'tunneledProtocol',
      'asn1RoseOidEncoding',
      'qsigVariant',
      'transmitUtf8',
      'signalingPort',
      'nationalPrefix',
      'internationalPrefix',
      'unknownPrefix',
      'subscriberPrefix',
      'prefixDn',
      'calledPartyIeNumberType',
      'callingPartyIeNumberType',
      'calledNumberingPlan',
      'callingNumberingPlan',
      'pathReplacementSupport',
      'ictPassingPrecedenceLevelThroughUuie',
      'ictSecurityAccessLevel',
      'isSafEnabled',
      ...CALLING_PARTY_DIGITS,
      ...perNumberType('calledParty', 'Prefix'),
      'pstnAccess',
      'imeE164TransformationName',
      'automatedAlternateRoutingCssName',
      ...DEVICE_POOL_CSS_PER_TYPE,
      ...CALLED_PARTY_DIGITS,
      'runOnEveryNode',
      'useDevicePoolCntdPnTransformationCss'
    ],
    booleans(
      ...TRUNK_BOOLEANS,
      'srtpAllowed',
      'unattendedPort',
      'mtpRequired',
      'displayIEDelivery',
      'redirectOutboundNumberIe',
      'redirectInboundNumberIe',
      'enableInboundFaststart',
      'enableOutboundFaststart',
      'allowH235PassThrough',
      'transmitUtf8',
      'pathReplacementSupport',
      'ictPassingPrecedenceLevelThroughUuie',
      'isSafEnabled',
      'pstnAccess',
      ...DEVICE_POOL_CSS_PER_TYPE,
      'runOnEveryNode',
      'useDevicePoolCntdPnTransformationCss'
    )
  ),
  spec('InteractiveVoiceResponse', 'name', [
    'name',
    'description',
    'devicePoolName',
    'locationName',
    'useTrustedRelayPoint',
    'serverName'
  ]),
  spec(
    'LineGroup',
    'name',
    [
      'distributionAlgorithm',
      'rnaReversionTimeOut',
      'huntAlgorithmNoAnswer',
      'huntAlgorithmBusy',
      'huntAlgorithmNotAvailable',
      'name',
      'autoLogOffHunt'
    ],
    booleans('autoLogOffHunt')
  ),
  spec('Location', 'name', [
    'name',
    'id',
    'withinAudioBandwidth',
    'withinVideoBandwidth',
    'withinImmersiveKbits'
  ]),
  spec('MlppDomain', 'domainName', ['domainName', 'domainId']),
  spec('MediaResourceGroup', 'name', ['name', 'description', 'multicast'], booleans('multicast')),
  spec('MediaResourceList', 'name', ['name', 'clause']),
  spec('MeetMe', 'pattern', [...PATTERN_IDENTITY, 'minimumSecurityLevel']),
  spec(
    'MessageWaiting',
    'pattern',
    ['pattern', 'routePartitionName', 'description', 'messageWaitingIndicator', 'callingSearchSpaceName'],
    booleans('messageWaitingIndicator')
  ),
  spec(
    'MohAudioSource',
    'name',
    [
      'sourceId',
      'name',
      'sourceFile',
      'multicast',
      'mohFileStatus',
      'initialAnnouncement',
      'periodicAnnouncement',
      'periodicAnnouncementInterval',
      'localeAnnouncement',
      'initialAnnouncementPlayed'
    ],
    booleans('multicast', 'initialAnnouncementPlayed')
  ),
  spec(
    'RoutePartition',
    'name',
    [
      'name',
      'description',
      'dialPlanWizardGenId',
      'timeScheduleIdName',
      'useOriginatingDeviceTimeZone',
      'timeZone',
      'partitionUsage'
    ],
    booleans('useOriginatingDeviceTimeZone')
  ),
  spec(
    'CommonPhoneConfig',
    'name',
    [
      'name',
      'description',
      'dndOption',
      'dndAlertingType',
      'backgroundImage',
      'phonePersonalization',
      'phoneServiceDisplay',
      'sshUserId',
      'alwaysUsePrimeLine',
      'alwaysUsePrimeLineForVoiceMessage',
      'vpnGroupName',
      'vpnProfileName',
      'featureControlPolicy'
    ],
    booleans('backgroundImage')
  ),
  spec('PhoneButtonTemplate', 'name', ['name', 'isUserModifiable'], booleans('isUserModifiable')),
  PRESENCE_GROUP,
  spec('PhysicalLocation', 'name', ['name', 'description']),
  spec('Region', 'name', ['name', 'defaultCodec']),
  spec('ResourcePriorityNamespaceList', 'name', ['name', 'description']),
  spec('ResourcePriorityNamespace', 'namespace', ['namespace', 'description']),
  spec('RouteFilter', 'name', ['name', 'clause', 'dialPlanName', 'dialPlanWizardGenId']),
  spec('RouteGroup', 'name', ['dialPlanWizardGenld', 'distributionAlgorithm', 'name']),
  spec(
    'RouteList',
    'name',
    ['name', 'description', 'callManagerGroupName', 'routeListEnabled', 'runOnEveryNode'],
    booleans('routeListEnabled', 'runOnEveryNode')
  ),
  spec(
    'RoutePattern',
    'pattern',
    [
      ...PATTERN_IDENTITY,
      ...PATTERN_TRANSFORMS,
      'dialPlanWizardGenId',
      'digitDiscardInstructionName',
      'networkLocation',
      ...PATTERN_OUTPUT,
      'supportOverlapSending',
      'patternPrecedence',
      'releaseClause',
      'allowDeviceOverride',
      ...PATTERN_NUMBERING,
      'authorizationCodeRequired',
      'authorizationLevelRequired',
      'clientCodeRequired',
      'withTag',
      'withValueClause',
      'resourcePriorityNamespaceName',
      'routeClass',
      'externalCallControl',
      'isEmergencyServiceNumber'
    ],
    booleans(
      'blockEnable',
      'patternUrgency',
      'supportOverlapSending',
      'allowDeviceOverride',
      'provideOutsideDialtone',
      'authorizationCodeRequired',
      'clientCodeRequired',
      'isEmergencyServiceNumber'
    )
  ),
  spec(
    'SipTrunk',
    'name',
    [
      ...DEVICE_IDENTITY,
      ...TRUNK_PLACEMENT,
      'networkHoldMohAudioSourceId',
      'userHoldMohAudioSourceId',
      'automatedAlternateRoutingCssName',
      'aarNeighborhoodName',
      'packetCaptureMode',
      'packetCaptureDuration',
      'traceFlag',
      'mlppIndicationStatus',
      'preemption',
      'useTrustedRelayPoint',
      'retryVideoCallAsAudio',
      'securityProfileName',
      'sipProfileName',
      ...TRUNK_TRANSFORMS,
      'unattendedPort',
      'transmitUtf8',
      'subscribeCallingSearchSpaceName',
      'rerouteCallingSearchSpaceName',
      'referCallingSearchSpaceName',
      'mtpRequired',
      'presenceGroupName',
      'unknownPrefix',
      'destAddrIsSrv',
      'tkSipCodec',
      'connectedNamePresentation',
      'connectedPartyIdPresentation',
      'callingPartySelection',
      'callingname',
      'callingLineIdPresentation',
      'prefixDn',
      'acceptInboundRdnis',
      'acceptOutboundRdnis',
      'srtpAllowed',
      'srtpFallbackAllowed',
      'isPaiEnabled',
      'sipPrivacy',
      'isRpidEnabled',
      'sipAssertedType',
      'trustReceivedIdentity',
      'dtmfSignalingMethod',
      'routeClassSignalling',
      'sipTrunkType',
      'pstnAccess',
      'imeE164TransformationName',
      'useImePublicIpPort',
      'useDevicePoolCntdPnTransformationCss',
      'useDevicePoolCgpnTransformCssUnkn',
      'rdnTransformationCssName',
      'useDevicePoolRdnTransformCss',
      'useOrigCallingPartyPresOnDivert',
      'sipNormalizationScriptName',
      'runOnEveryNode',
      'unknownStripDigits',
      'cgpnTransformationUnknownCssName',
      'tunneledProtocol',
      'asn1RoseOidEncoding',
      'qsigVariant',
      'pathReplacementSupport',
      'enableQsigUtf8',
      'scriptParameters',
      'scriptTraceEnabled',
      'trunkTrafficSecure',
      'callingAndCalledPartyInfoFormat',
      'useCallerIdCallerNameinUriOutgoingRequest',
      'requestUriDomainName',
      'enableCiscoRecordingQsigTunneling',
      'calledPartyUnknownTransformationCssName',
      'calledPartyUnknownPrefix',
      'calledPartyUnknownStripDigits',
      'useDevicePoolCalledCssUnkn'
    ],
    booleans(
      ...TRUNK_BOOLEANS,
      'unattendedPort',
      'transmitUtf8',
      'mtpRequired',
      'destAddrIsSrv',
      'acceptInboundRdnis',
      'acceptOutboundRdnis',
      'srtpAllowed',
      'srtpFallbackAllowed',
      'isPaiEnabled',
      'isRpidEnabled',
      'pstnAccess',
      'useImePublicIpPort',
      'useDevicePoolCntdPnTransformationCss',
      'useDevicePoolCgpnTransformCssUnkn',
      'useDevicePoolRdnTransformCss',
      'useOrigCallingPartyPresOnDivert',
      'runOnEveryNode',
      'pathReplacementSupport',
      'enableQsigUtf8',
      'scriptTraceEnabled',
      'useCallerIdCallerNameinUriOutgoingRequest',
      'enableCiscoRecordingQsigTunneling',
      'useDevicePoolCalledCssUnkn'
    )
  ),
  spec(
    'SipProfile',
    'name',
    [
      'name',
      'description',
      'defaultTelephonyEventPayloadType',
      'redirectByApplication',
      'ringing180',
      'timerInvite',
      'timerRegisterDelta',
      'timerRegister',
      'timerT1',
      'timerT2',
      'retryInvite',
      'retryNotInvite',
      'startMediaPort',
      'stopMediaPort',
      'callpickupListUri',
      'callpickupGroupUri',
      'meetmeServiceUrl',
      'userInfo',
      'dtmfDbLevel',
      'callHoldRingback',
      'anonymousCallBlock',
      'callerIdBlock',
      'dndControl',
      'telnetLevel',
      'timerKeepAlive',
      'timerSubscribe',
      'timerSubscribeDelta',
      'maxRedirects',
      'timerOffHookToFirstDigit',
      'callForwardUri',
      'abbreviatedDialUri',
      ...SIP_PROFILE_SWITCHES,
      'rerouteIncomingRequest',
      'resourcePriorityNamespaceListName',
      'enableAnatForEarlyOfferCalls',
      'rsvpOverSip',
      'fallbackToLocalRsvp',
      'sipRe11XxEnabled',
      'gClear',
      'sendRecvSDPInMidCallInvite',
      'enableOutboundOptionsPing',
      'optionsPingIntervalWhenStatusOK',
      'optionsPingIntervalWhenStatusNotOK',
      'deliverConferenceBridgeIdentifier',
      'sipOptionsRetryCount',
      'sipOptionsRetryTimer',
      'sipBandwidthModifier',
      'enableUriOutdialSupport',
      'userAgentServerHeaderInfo',
      'allowPresentationSharingUsingBfcp',
      'scriptParameters',
      'isScriptTraceEnabled',
      'sipNormalizationScript',
      'allowiXApplicationMedia',
      'dialStringInterpretation',
      'acceptAudioCodecPreferences',
      'mlppUserAuthorization',
      'isAssuredSipServiceEnabled',
      'resourcePriorityNamespace',
      'useCallerIdCallerNameinUriOutgoingRequest',
      'callingLineIdentification',
      'rejectAnonymousIncomingCall',
      'callpickupUri',
      'rejectAnonymousOutgoingCall',
      'videoCallTrafficClass',
      'sdpTransparency',
      'allowMultipleCodecs',
      'sipSessionRefreshMethod',
      'earlyOfferSuppVoiceCall',
      'cucmVersionInSipHeader',
      'confidentialAccessLevelHeaders',
      'destRouteString',
      'inactiveSDPRequired',
      'allowRRAndRSBandwidthModifier'
    ],
    booleans(
      'redirectByApplication',
      'ringing180',
      ...SIP_PROFILE_SWITCHES,
      'enableAnatForEarlyOfferCalls',
      'fallbackToLocalRsvp',
      'sendRecvSDPInMidCallInvite',
      'enableOutboundOptionsPing',
      'deliverConferenceBridgeIdentifier',
      'allowPresentationSharingUsingBfcp',
      'isScriptTraceEnabled',
      'allowiXApplicationMedia',
      'mlppUserAuthorization',
      'isAssuredSipServiceEnabled',
      'useCallerIdCallerNameinUriOutgoingRequest',
      'rejectAnonymousIncomingCall',
      'rejectAnonymousOutgoingCall',
      'allowMultipleCodecs',
      'destRouteString',
      'inactiveSDPRequired',
      'allowRRAndRSBandwidthModifier'
    )
  ),
  spec('SoftKeyTemplate', 'name', ['name', 'description', 'baseSoftkeyTemplateName']),
  spec(
    'Srst',
    'name',
    ['name', 'port', 'ipAddress', 'ipv6Address', 'SipNetwork', 'SipPort', 'srstCertificatePort', 'isSecure'],
    booleans('isSecure')
  ),
  spec(
    'TransPattern',
    'pattern',
    [
      ...HUNT_OR_TRANSLATION,
      'callingSearchSpaceName',
      'resourcePriorityNamespaceName',
      'routeNextHopByCgpn',
      'routeClass',
      'callInterceptProfileName',
      'releaseClause',
      'useOriginatorCss',
      'dontWaitForIDTOnSubsequentHops',
      'isEmergencyServiceNumber'
    ],
    booleans(
      'blockEnable',
      'patternUrgency',
      'provideOutsideDialtone',
      'routeNextHopByCgpn',
      'useOriginatorCss',
      'dontWaitForIDTOnSubsequentHops',
      'isEmergencyServiceNumber'
    )
  ),
  SERVICE_PROFILE,
  UC_SERVICE,
  spec('VoiceMailPilot', 'dirn', ['dirn', 'description', 'cssName', 'isDefault'], booleans('isDefault')),
  spec('VoiceMailPort', 'name', [
    ...DEVICE_IDENTITY,
    'callingSearchSpaceName',
    'devicePoolName',
    'commonDeviceConfigName',
    'locationName',
    'preemption',
    'useTrustedRelayPoint',
    'securityProfileName',
    'geoLocationName',
    'automatedAlternateRoutingCssName',
    'dnPattern',
    'callerIdDisplay',
    'callerIdDisplayAscii',
    'externalMask'
  ]),
  spec(
    'VoiceMailProfile',
    'name',
    ['name', 'description', 'isDefault', 'voiceMailboxMask'],
    booleans('isDefault')
  )
]

/** Seed 000 table 2: objects of a user synchronization (lines and appearances come with them). */
export const CUCM_USER_OBJECTS: readonly AxlObjectSpec[] = [
  spec(
    'User',
    'userid',
    [
      'firstName',
      'middleName',
      'lastName',
      'userid',
      'mailid',
      'department',
      'manager',
      'primaryExtension',
      'status',
      'homeCluster',
      'imAndPresenceEnable',
      'serviceProfile',
      'directoryUri',
      'telephoneNumber',
      'title',
      'mobileNumber',
      'userIdentity'
    ],
    booleans('homeCluster', 'imAndPresenceEnable')
  ),
  spec(
    'Phone',
    'name',
    [
      ...DEVICE_IDENTITY,
      'callingSearchSpaceName',
      'devicePoolName',
      'commonDeviceConfigName',
      'commonPhoneConfigName',
      'locationName',
      'securityProfileName',
      'sipProfileName',
      'phoneTemplateName',
      'softkeyTemplateName',
      'enableExtensionMobility',
      'ownerUserName',
      'presenceGroupName'
    ],
    booleans('enableExtensionMobility')
  ),
  spec('Line', 'pattern', [
    ...PATTERN_IDENTITY,
    'alertingName',
    'asciiAlertingName',
    'presenceGroupName',
    'shareLineAppearanceCssName',
    'voiceMailProfileName'
  ]),
  spec('DeviceProfile', 'name', [
    ...DEVICE_IDENTITY,
    'phoneTemplateName',
    'userLocale',
    'loginUserId',
    'softkeyTemplateName'
  ]),
  spec('RemoteDestinationProfile', 'name', [
    ...DEVICE_IDENTITY,
    'callingSearchSpaceName',
    'devicePoolName',
    'userId',
    'rerouteCallingSearchSpaceName'
  ]),
  spec(
    'RemoteDestination',
    'name',
    [
      'name',
      'destination',
      'answerTooSoonTimer',
      'answerTooLateTimer',
      'delayBeforeRingingCell',
      'remoteDestinationProfileName',
      'isMobilePhone',
      'enableMobileConnect'
    ],
    booleans('isMobilePhone', 'enableMobileConnect')
  ),
  spec('LicensedUser', 'userId', [
    'userId',
    'firstName',
    'lastName',
    'snrEnabled',
    'emEnabled',
    'deviceCount',
    'licenseType',
    'licenseUsed'
  ])
]

/** IM and Presence user-settings infrastructure, read over the node's own AXL endpoint. */
export const IMP_INFRASTRUCTURE: readonly AxlObjectSpec[] = [PRESENCE_GROUP, SERVICE_PROFILE, UC_SERVICE]
